import type Docker from 'dockerode';

/** One JSON message of a build, pull or import stream. */
export type ProgressEvent = {
  readonly stream?: string;
  readonly status?: string;
  readonly error?: string;
  readonly aux?: { readonly ID?: string };
};

/**
 * Waits for a dockerode progress stream to end, passing each output line to `log`. Rejects on the
 * first `error` message: the engine reports build and pull failures inside a 200 stream.
 */
export function followProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  log: (line: string) => void = () => {},
): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    let failed: string | undefined;
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: ProgressEvent[]) => {
        if (error) reject(error);
        else if (failed !== undefined) reject(new Error(failed));
        else resolve(output);
      },
      (event: ProgressEvent) => {
        if (event.error !== undefined) failed ??= event.error;
        const text = (event.stream ?? event.error ?? event.status ?? '').trimEnd();
        if (text) log(text);
      },
    );
  });
}
