import { LocalRunner } from './local-runner.js';

/** Runs commands inside a named network namespace (`ip netns exec NAME …`) on this host. */
export class NamespaceRunner extends LocalRunner {
  readonly namespace: string;

  constructor(namespace: string) {
    super(['ip', 'netns', 'exec', namespace], `netns ${namespace}`);
    this.namespace = namespace;
  }
}
