import { resolve } from 'node:path';
import { type ApplyResult, applyHost } from '../apply/apply-host.js';
import { hostFacts, loadConfigWithReadings } from '../config/load-config.js';
import { type HostCheckOptions, parseConfig } from '../config/parse-config.js';
import { readConfigText } from '../config/read-config-text.js';
import type { NamespaceLock } from '../ledger/lock.js';
import type { Config } from '../model/config.js';
import type { Change } from '../model/types.js';
import { absentUplinks } from '../plan/desired.js';
import { mainDefaultUplinks } from '../plan/failover-order.js';
import { formatRoute, formatRule } from '../plan/iproute-args.js';
import type { CommandRunner, StreamingCommand } from '../runner/command-runner.js';
import { type HostReadings, readHost } from '../state/host-readings.js';
import { HealthMonitor, type Transition } from './health-monitor.js';
import { holdWatchLock } from './instance-lock.js';
import { isNoise, type KernelEvent, watchKernel } from './kernel-events.js';
import { withWatchLock } from './namespace-lock.js';
import { flushConntrack, flushes, runHook } from './transition-actions.js';
import { entry, type LogEntry } from './watch-log.js';
import { RECENT_EVENTS, type WatchState, writeWatchState } from './watch-state.js';

/** How a watch runs: where its log lines go, and its timings (tests and benchmarks shorten them). */
export type WatchOptions = {
  readonly log: (entry: LogEntry) => void;
  /** Quiet time after an event before re-planning, so one burst is one repair. Default 10 ms. */
  readonly debounceMs?: number;
  /** A full re-check this often even without events (nftables and sysctls send none). Default 10 s. */
  readonly resyncMs?: number;
};

/**
 * `multihome watch`: applies the config, then keeps the host right. Kernel events (links,
 * addresses, routes, rules) and health transitions trigger a debounced re-plan that repairs exactly
 * the drift; repairs never overlap and run inside the namespace lock. One watch per namespace.
 */
// The watch keeps the host right as links come and go, so a link the host lacks waits for it.
const WAIT_FOR_INTERFACES: HostCheckOptions = { absentInterfaces: 'wait' };

export class Watcher {
  readonly #runner: CommandRunner;
  readonly #path: string;
  readonly #options: WatchOptions;
  readonly #health: HealthMonitor;
  readonly #recent: LogEntry[] = [];
  readonly #startedAt = new Date().toISOString();
  #config: Config;
  /** The file's text as last (re)loaded: `auto` uplinks are resolved again from it on every repair. */
  #text: string;
  /** The uplinks last logged as waiting for an interface the host does not have ('' for none). */
  #absent = '';
  #nsid: string;
  #lock: { release(): Promise<void> };
  #monitor: StreamingCommand | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #resync: NodeJS.Timeout | undefined;
  #repairing: Promise<void> | undefined;
  /** A transition, reload or resync asks for a repair that has not begun yet. */
  #asked = false;
  /** When the latest kernel event arrived, and up to when a read of the host has seen them (`performance.now()`). */
  #eventAt = 0;
  #eventsSeenTo = 0;
  #stopped = false;
  #finish: (code: number) => void = () => undefined;
  /** Settles with the exit code once the watch has stopped (signal, or another command took over). */
  readonly done: Promise<number>;

  private constructor(
    runner: CommandRunner,
    path: string,
    options: WatchOptions,
    start: { config: Config; text: string; nsid: string; lock: { release(): Promise<void> } },
  ) {
    this.#runner = runner;
    this.#path = path;
    this.#options = options;
    this.#config = start.config;
    this.#text = start.text;
    this.#nsid = start.nsid;
    this.#lock = start.lock;
    this.#health = new HealthMonitor(runner, (transition) => void this.#transition(transition));
    this.done = new Promise((resolve) => {
      this.#finish = resolve;
    });
  }

  /**
   * Loads the file (a bad one throws its ConfigError: exit 2, nothing changed), takes the watch
   * lock (a second watch refuses), applies, then starts listening and probing.
   */
  static async start(runner: CommandRunner, path: string, options: WatchOptions): Promise<Watcher> {
    const text = readConfigText(resolve(path));
    const loaded = await loadConfigWithReadings(runner, path, undefined, WAIT_FOR_INTERFACES);
    const { nsid } = loaded.readings.records;
    const lock = await holdWatchLock(runner, nsid);
    const watcher = new Watcher(runner, path, options, { config: loaded.config, text, nsid, lock });
    try {
      watcher.#log(entry('watch', `watching ${loaded.config.file} in ${runner.where} (pid ${process.pid})`));
      // Read again under the lock: the readings of the load may be stale by the time it is held.
      await withWatchLock(runner, async (lock) => watcher.#applyNow('start', await readHost(runner), lock));
      watcher.#listen();
      watcher.#health.start(loaded.config);
      watcher.#armResync();
      await watcher.#saveState();
    } catch (error) {
      await watcher.stop();
      throw error;
    }
    return watcher;
  }

  /** SIGHUP: reads the file again. A bad file is refused with its errors and the running config kept. */
  async reload(): Promise<boolean> {
    let config: Config;
    let text: string;
    try {
      text = readConfigText(resolve(this.#path));
      config = (await loadConfigWithReadings(this.#runner, this.#path, undefined, WAIT_FOR_INTERFACES))
        .config;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#log(entry('error', `reload refused, the running config stays: ${message}`));
      return false;
    }
    this.#config = config;
    this.#text = text;
    this.#log(
      entry('watch', `reloaded ${config.file}: ${config.uplinks.map((uplink) => uplink.name).join(', ')}`),
    );
    this.#health.start(config);
    this.#ask();
    await this.idle();
    return true;
  }

  /** Resolves once no repair is running or scheduled (tests use it after an action of their own). */
  async idle(): Promise<void> {
    while (this.#debounce !== undefined || this.#repairing !== undefined) {
      await (this.#repairing ?? new Promise((resolve) => setTimeout(resolve, 5)));
    }
  }

  /** SIGTERM: stops listening and probing and leaves the applied state in place. */
  async stop(code = 0): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#debounce);
    clearTimeout(this.#resync);
    this.#debounce = undefined;
    this.#health.stop();
    this.#monitor?.stop();
    await this.#repairing;
    this.#log(entry('watch', 'stopped; the applied state stays (`multihome remove` takes it away)'));
    await this.#saveState().catch(() => undefined);
    await this.#lock.release();
    this.#finish(code);
  }

  #listen(): void {
    if (this.#stopped) return;
    const monitor = watchKernel(this.#runner, (event) => this.#event(event));
    this.#monitor = monitor;
    void monitor.exited.then((outcome) => {
      if (this.#stopped) return;
      this.#log(entry('error', `ip monitor exited ${outcome.exitCode}; restarting it`));
      setTimeout(() => this.#listen(), 500);
      this.#ask();
    });
  }

  #event(event: KernelEvent): void {
    if (isNoise(event)) return;
    this.#log(entry('event', `${event.kind}: ${event.text}`, { object: event.kind }));
    this.#eventAt = performance.now();
    this.#schedule(this.#options.debounceMs ?? 10);
  }

  async #transition({ uplink, from, to }: Transition): Promise<void> {
    this.#log(entry('health', `${uplink.name} ${from} → ${to}`, { uplink: uplink.name, from, to }));
    this.#ask();
    const config = this.#config;
    if (flushes(config, to)) this.#logOutcome(await flushConntrack(this.#runner, uplink));
    if (config.onChange !== undefined)
      this.#logOutcome(await runHook(this.#runner, config.onChange, uplink, from, to));
  }

  /** A repair for something other than a kernel event: it runs even if no event is new. */
  #ask(): void {
    this.#asked = true;
    this.#schedule(0);
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      void this.#repair();
    }, delay);
  }

  #armResync(): void {
    clearTimeout(this.#resync);
    if (this.#stopped) return;
    this.#resync = setTimeout(() => {
      this.#ask();
      this.#armResync();
    }, this.#options.resyncMs ?? 10_000);
  }

  // Repairs never overlap: what is asked while one runs (or saves its state) is seen by the loop,
  // which goes round again only for what its reads have not seen. Its own changes' events arrive
  // before its read-back begins, so they cost no second repair.
  async #repair(): Promise<void> {
    if (this.#repairing !== undefined) return;
    this.#repairing = this.#repairLoop();
    try {
      await this.#repairing;
    } finally {
      this.#repairing = undefined;
    }
  }

  async #repairLoop(): Promise<void> {
    while (!this.#stopped && (this.#asked || this.#eventAt > this.#eventsSeenTo)) {
      this.#asked = false;
      let seen = performance.now();
      let read: Links | undefined;
      try {
        await withWatchLock(this.#runner, async (lock) => {
          seen = performance.now();
          const readings = await readHost(this.#runner);
          const { interfaces, downInterfaces, interfaceIndexes } = readings.state;
          read = { names: interfaces, down: downInterfaces ?? [], indexes: interfaceIndexes ?? {} };
          const result = await this.#applyNow('repair', readings, lock);
          seen = result?.readBackAt ?? seen;
        });
      } catch (error) {
        const moved =
          read === undefined ? undefined : await interfacesMoved(this.#runner, read, this.#config);
        if (moved !== undefined) {
          // A PPP link or modem that came or went (or a link set up or down) mid-repair fails its
          // steps and their rollback ("Cannot find device"): no fault of the host, so plan again at once.
          this.#log(entry('watch', `an interface changed during the repair (${moved}); planning again`));
          this.#asked = true;
        } else {
          const message = error instanceof Error ? error.message : String(error);
          this.#log(entry('error', `repair failed (retried on the next event or resync): ${message}`));
        }
      }
      this.#eventsSeenTo = Math.max(this.#eventsSeenTo, seen);
      await this.#saveState().catch(() => undefined);
    }
  }

  async #applyNow(
    why: 'start' | 'repair',
    readings: HostReadings,
    lock: NamespaceLock,
  ): Promise<ApplyResult | undefined> {
    const ledger = readings.records.ledger;
    if (why === 'repair' && (ledger === null || ledger.config.file !== this.#config.file)) {
      const reason =
        ledger === null
          ? 'the ledger is gone (`multihome remove` ran)'
          : `\`multihome apply -c ${ledger.config.file}\` took over`;
      this.#log(entry('watch', `${reason}; watch stops and leaves the host as it is`));
      void this.stop(0);
      return undefined;
    }
    if (why === 'repair' && this.#config.auto !== undefined) this.#resolveAgain(readings);
    this.#noteAbsent(readings);
    const result = await applyHost(this.#runner, this.#config, {
      readings,
      health: this.#health.view(),
      lock,
    });
    for (const change of result.changes) this.#log(actionEntry(change));
    if (why === 'start') {
      // What `auto` resolved to, and which uplink still waits for its lease, as plan prints it.
      if (this.#config.auto !== undefined) this.#log(entry('action', `auto: ${autoText(this.#config)}`));
      this.#log(
        entry(
          'action',
          `applied ${result.changes.length} change(s); main default ${this.#mainDefaultText()}`,
        ),
      );
    }
    return result;
  }

  // An uplink whose interface is gone (a PPP session ended, a modem unplugged) or not there yet at
  // boot waits for it: the planner leaves its address and routes out. Said once per change.
  #noteAbsent(readings: HostReadings): void {
    const absent = absentUplinks(this.#config, readings.state)
      .map((uplink) => `${uplink.name} (${uplink.interface})`)
      .join(', ');
    if (absent === this.#absent) return;
    const found = [...readings.state.interfaces].sort().join(', ') || 'none';
    this.#log(
      entry(
        'watch',
        absent === ''
          ? 'every uplink has its interface again'
          : `waiting for interfaces this host does not have: ${absent}; found: ${found}`,
      ),
    );
    this.#absent = absent;
  }

  // A lease may have changed: `auto` fields take the live values again (make-before-break follows
  // from the planner's order). What resolved differently, and who waits, is logged.
  #resolveAgain(readings: HostReadings): void {
    const before = autoText(this.#config);
    try {
      const config = parseConfig(
        this.#text,
        this.#config.file,
        hostFacts(readings.state, readings.records.ledger),
        WAIT_FOR_INTERFACES,
      );
      this.#config = config;
    } catch (error) {
      this.#log(entry('error', `auto uplinks: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    const after = autoText(this.#config);
    if (after !== before) this.#log(entry('action', `auto: ${after}`));
    this.#health.start(this.#config);
  }

  #mainDefaultText(): string {
    const parts = ([4, 6] as const).flatMap((family) => {
      const carriers = mainDefaultUplinks(this.#config, family, this.#health.view());
      if (carriers.length === 0) return [];
      const names = carriers.map((uplink) =>
        carriers.length > 1 ? `${uplink.name}×${uplink.weight}` : uplink.name,
      );
      return [`IPv${family} via ${names.join(' + ')}`];
    });
    return parts.join(', ') || 'none';
  }

  #logOutcome(outcome: { ok: boolean; message: string }): void {
    this.#log(entry(outcome.ok ? 'action' : 'error', outcome.message));
  }

  #log(line: LogEntry): void {
    this.#recent.push(line);
    if (this.#recent.length > RECENT_EVENTS) this.#recent.shift();
    this.#options.log(line);
  }

  async #saveState(): Promise<void> {
    const view = this.#health.view();
    const mainDefault = (family: 4 | 6) => {
      const carriers = mainDefaultUplinks(this.#config, family, view);
      return carriers.length === 0 ? null : carriers.map((uplink) => uplink.name).join('+');
    };
    const state: WatchState = {
      version: 1,
      pid: process.pid,
      startedAt: this.#startedAt,
      configFile: this.#config.file,
      health: this.#health.snapshot(),
      mainDefault: { 4: mainDefault(4), 6: mainDefault(6) },
      events: [...this.#recent],
    };
    await writeWatchState(this.#runner, this.#nsid, state);
  }
}

/** What the `auto` fields resolved to and who waits, as one line for the log. */
export function autoText(config: Config): string {
  const resolved = (config.auto?.resolved ?? []).map((r) => `${r.uplink} ${r.field} ${r.value}`);
  const waiting = (config.auto?.waiting ?? []).map((w) => `${w.uplink} ${w.reason}`);
  return [...resolved, ...waiting].join('; ') || 'nothing to resolve';
}

/** One log line per change a repair made: `+ rule from … lookup …` with the planner's reason. */
export function actionEntry(change: Change): LogEntry {
  const sign = change.action === 'add' ? '+' : change.action === 'delete' ? '-' : '~';
  const object = change.object;
  const what =
    change.kind === 'route'
      ? `route ${formatRoute(change.object)}`
      : change.kind === 'rule'
        ? `rule ${formatRule(change.object)}`
        : change.kind === 'address'
          ? `address ${change.object.address}/${change.object.prefixLength} dev ${change.object.interface}`
          : change.kind === 'sysctl'
            ? `sysctl ${change.object.key}=${change.object.value}`
            : `${change.kind} ${'name' in object ? String(object.name) : ''}`;
  return entry('action', `${sign} ${what} (${change.reason})`, {
    change: change.kind,
    action: change.action,
  });
}

/** The links a repair planned from: every interface's name, those set down, and their ifindexes. */
type Links = {
  readonly names: readonly string[];
  readonly down: readonly string[];
  readonly indexes: Readonly<Record<string, number>>;
};

// How the config's links changed since `read` was taken ("eth1 went, ppp0 came, eth2 up"), or
// undefined. A new ifindex under an old name is a link deleted and made again meanwhile (a PPP
// session that redialled). Others (a container's veth) cannot fail a repair, and would only hide what did.
async function interfacesMoved(
  runner: CommandRunner,
  read: Links,
  config: Config,
): Promise<string | undefined> {
  const listed = await runner.run(['ip', '-j', 'link', 'show']);
  if (listed.exitCode !== 0) return undefined;
  let links: Link[];
  try {
    links = JSON.parse(listed.stdout) as Link[];
  } catch {
    return undefined;
  }
  const now = new Map(links.flatMap((link) => (link.ifname ? [[link.ifname, link] as const] : [])));
  const moved = [...new Set([...config.uplinks.map((uplink) => uplink.interface), ...config.lan])].flatMap(
    (name) => {
      const link = now.get(name);
      if (!read.names.includes(name)) return link === undefined ? [] : [`${name} came`];
      if (link === undefined) return [`${name} went`];
      const index = read.indexes[name];
      if (index !== undefined && link.ifindex !== index) return [`${name} went and came back`];
      const up = (link.flags ?? []).includes('UP');
      return up === read.down.includes(name) ? [`${name} ${up ? 'up' : 'down'}`] : [];
    },
  );
  return moved.length === 0 ? undefined : moved.join(', ');
}

/** The fields of one link of `ip -j link show` that tell whether it changed. */
type Link = { ifname?: string; ifindex?: number; flags?: string[] };
