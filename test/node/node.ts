/**
 * The node that `scripts/engine.sh start` runs (Debian's containerd and a
 * kubelet registered with the API server): pods that pull from registries on
 * 127.0.0.1, and what became of each pull.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli } from '../cli/run-cli';
import { ENGINE_MISSING, engineEnv } from '../engine/engine';
import { ensureTools, pushImage, startTokenRegistry, type Registry, type RegistryUser } from '../e2e/harness';
import { buildOciLayout, pauseImageFiles } from '../e2e/oci-image';

const REQUIRED = ['REGCRED_E2E_NODE', 'CONTAINERD_CERTS_D', 'REGCRED_PAUSE_BINARY'];

/** The node's environment; fails with how to start it when it is not running. */
export function nodeEnv(): { node: string; certsD: string; pauseBinary: string } {
  engineEnv();
  const missing = REQUIRED.filter((k) => !process.env[k]);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not set.\n${ENGINE_MISSING}`);
  return {
    node: process.env.REGCRED_E2E_NODE!,
    certsD: process.env.CONTAINERD_CERTS_D!,
    pauseBinary: process.env.REGCRED_PAUSE_BINARY!,
  };
}

/**
 * kubectl without blocking the event loop: the registries' token services
 * answer the node from this same process.
 */
export function kubectlAsync(args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'kubectl',
      [...args],
      { env: { ...process.env, KUBECONFIG: engineEnv().KUBECONFIG }, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr}`)) : resolve(stdout)),
    );
    child.stdin?.end(input ?? '');
  });
}

/** Lets containerd pull from `host` (`HOST:PORT`) over plain HTTP; it reads this on every pull. */
export function trustPlainHttp(host: string): void {
  const dir = path.join(nodeEnv().certsD, host);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'hosts.toml'),
    `server = "http://${host}"\n\n[host."http://${host}"]\n  capabilities = ["pull", "resolve"]\n`,
  );
}

/** An image layout whose container runs until stopped (the node's pause binary). */
export function runnableImage(tag: string): string {
  return buildOciLayout(tag, pauseImageFiles(nodeEnv().pauseBinary), ['/pause']);
}

/**
 * A token-auth registry on 127.0.0.1 that the node pulls from over plain HTTP, holding the
 * runnable private image `acme/app:1` (pushed as `admin`); `users` may pull it.
 */
export async function registryWithImage(
  admin: RegistryUser,
  users: readonly RegistryUser[],
): Promise<{ registry: Registry; image: string }> {
  nodeEnv();
  ensureTools();
  const registry = await startTokenRegistry([admin, ...users]);
  trustPlainHttp(registry.host);
  await pushImage(registry.host, 'acme/app', '1', admin, runnableImage('1'));
  return { registry, image: `${registry.host}/acme/app:1` };
}

/** A pod bound to the node that pulls `image` on every start (or by `pullPolicy`), with these pull secrets in order. */
export function pod(
  name: string,
  namespace: string,
  image: string,
  pullSecrets: readonly string[],
  pullPolicy: 'Always' | 'IfNotPresent' | 'Never' = 'Always',
): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      nodeName: nodeEnv().node,
      hostNetwork: true,
      terminationGracePeriodSeconds: 0,
      imagePullSecrets: pullSecrets.map((n) => ({ name: n })),
      containers: [{ name: 'app', image, imagePullPolicy: pullPolicy }],
    },
  };
}

/**
 * A Deployment of `replicas` pods bound to the node, `app=<name>`, pulling `image` on every start and
 * listing no pull secret: what regcred wires, or a test writes in.
 */
export function nodeDeployment(name: string, namespace: string, image: string, replicas: number): object {
  const { spec } = pod(name, namespace, image, []) as { spec: Record<string, unknown> };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { ...spec, imagePullSecrets: undefined } },
    },
  };
}

/** The JSON of one object once `kubectl get ARGS` finds it and `ready` holds; fails after `ms`, showing the last seen. */
export async function getWhen<T>(args: readonly string[], ready: (o: T) => boolean, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const o = JSON.parse(await kubectlAsync(['get', ...args, '-o', 'json'])) as T;
      if (ready(o)) return o;
      last = o;
    } catch (e) {
      last = e instanceof Error ? e.message : e;
    }
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} not ready in ${ms} ms: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Creates objects in one `kubectl create` (a v1 List). */
export async function create(objects: readonly object[]): Promise<void> {
  await kubectlAsync(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
}

/** What became of a pod's image pull. */
export interface PullOutcome {
  /**
   * `pulled` once the container has its image (pulled, or found on the node);
   * `failed` on ErrImagePull or ImagePullBackOff; `other` for another waiting
   * reason (`reason`), such as ErrImageNeverPull.
   */
  readonly state: 'pulled' | 'failed' | 'pending' | 'other';
  readonly reason?: string;
  readonly message?: string;
}

interface PodStatusJson {
  metadata: { name: string };
  status?: {
    containerStatuses?: Array<{
      imageID?: string;
      state?: { running?: object; terminated?: object; waiting?: { reason?: string; message?: string } };
    }>;
  };
}

function outcomeOf(p: PodStatusJson): PullOutcome {
  const c = p.status?.containerStatuses?.[0];
  if (!c) return { state: 'pending' };
  if (c.state?.running || c.state?.terminated || c.imageID) return { state: 'pulled' };
  const waiting = c.state?.waiting;
  const reason = waiting?.reason ?? '';
  if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff')
    return { state: 'failed', reason, message: waiting?.message };
  if (reason === '' || reason === 'ContainerCreating') return { state: 'pending' };
  return { state: 'other', reason, message: waiting?.message };
}

/** Waits until every pod of the namespace has pulled or failed to (or the time is up) and returns each pod's outcome. */
export async function pullOutcomes(namespace: string, timeoutMs = 120_000): Promise<Map<string, PullOutcome>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = JSON.parse(await kubectlAsync(['get', 'pods', '-n', namespace, '-o', 'json'])) as {
      items: PodStatusJson[];
    };
    const outcomes = new Map(list.items.map((p) => [p.metadata.name, outcomeOf(p)]));
    const settled = [...outcomes.values()].every((o) => o.state !== 'pending');
    if (settled || Date.now() > deadline) return outcomes;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Deletes a namespace without waiting for its pods to stop. */
export async function dropNamespace(namespace: string): Promise<void> {
  await kubectlAsync(['delete', 'namespace', namespace, '--wait=false']);
}

/** Creates a namespace with a fresh name. */
export async function freshNamespace(prefix: string): Promise<string> {
  const ns = `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  await kubectlAsync(['create', 'namespace', ns]);
  return ns;
}

/** A new pod's pull, seen by a {@link PodChurn}. */
export interface ChurnedPod {
  readonly name: string;
  readonly created: Date;
  readonly outcome: PullOutcome;
  /** The pull secrets the pod lists, in order. */
  readonly pullSecrets: readonly string[];
  /**
   * Those of its pull secrets that were in the namespace but that the kubelet reported it could not
   * retrieve for the pod (event FailedToRetrieveImagePullSecret): a kubelet watches a Secret only
   * while a pod of the node references it, and its first read of a newly watched Secret gives up
   * after one second (`objectCache.Get` in pkg/kubelet/util/manager), after which it pulls without
   * that Secret. Set only for pods that could not pull.
   */
  readonly unretrieved: readonly string[];
}

interface ChurnPodJson extends PodStatusJson {
  metadata: { name: string; creationTimestamp: string; deletionTimestamp?: string };
  spec?: { imagePullSecrets?: Array<{ name: string }> };
}

/**
 * Keeps a Deployment's pods starting: each tick, every pod that has pulled
 * or failed to pull is recorded and deleted, so its ReplicaSet starts a new
 * one that pulls again (`imagePullPolicy: Always`).
 */
export class PodChurn {
  readonly seen: ChurnedPod[] = [];
  private readonly recorded = new Set<string>();
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly namespace: string,
    private readonly selector: string,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<ChurnedPod[]> {
    this.running = false;
    await this.loop;
    return this.seen;
  }

  /** Waits until `done` holds for the pods recorded so far; fails after `timeoutMs` naming `what`. */
  async until(what: string, done: (seen: readonly ChurnedPod[]) => boolean, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.seen)) {
      if (!this.running) throw new Error(`the churn of ${this.namespace} stopped before ${what}`);
      if (Date.now() > deadline) throw new Error(`no ${what} in ${this.namespace} within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /**
   * The pods created from the next whole second on (after anything done before this call), for
   * {@link until}: creation times have a resolution of one second.
   */
  after(): (seen: readonly ChurnedPod[]) => ChurnedPod[] {
    const mark = (Math.floor(Date.now() / 1000) + 1) * 1000;
    return (seen) => seen.filter((p) => p.created.getTime() >= mark);
  }

  /** Waits until `count` pods created after this call have pulled or failed to. */
  async more(count: number): Promise<void> {
    const since = this.after();
    await this.until(`${count} new pods`, (seen) => since(seen).length >= count);
  }

  /**
   * For each pod of the namespace with a FailedToRetrieveImagePullSecret event, the Secrets the
   * event names that are in the namespace now.
   */
  private async unretrievedSecrets(): Promise<Map<string, string[]>> {
    const [events, secrets] = await Promise.all([
      kubectlAsync([
        'get',
        'events',
        '-n',
        this.namespace,
        '--field-selector',
        'reason=FailedToRetrieveImagePullSecret',
        '-o',
        'json',
      ]),
      kubectlAsync(['get', 'secrets', '-n', this.namespace, '-o', 'jsonpath={.items[*].metadata.name}']),
    ]);
    const present = new Set(secrets.split(/\s+/).filter((n) => n !== ''));
    const out = new Map<string, string[]>();
    const items = (JSON.parse(events) as { items: Array<{ involvedObject: { name: string }; message?: string }> })
      .items;
    for (const e of items) {
      // "Unable to retrieve some image pull secrets (a, b); attempting to pull the image may not succeed."
      const named = /\(([^)]*)\)/.exec(e.message ?? '')?.[1].split(', ') ?? [];
      const there = named.filter((n) => present.has(n));
      if (there.length > 0) out.set(e.involvedObject.name, [...(out.get(e.involvedObject.name) ?? []), ...there]);
    }
    return out;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const list = JSON.parse(
        await kubectlAsync(['get', 'pods', '-n', this.namespace, '-l', this.selector, '-o', 'json']),
      ) as { items: ChurnPodJson[] };
      const done: string[] = [];
      const settled = list.items
        .filter((p) => !p.metadata.deletionTimestamp && !this.recorded.has(p.metadata.name))
        .map((p) => ({ p, outcome: outcomeOf(p) }))
        .filter(({ outcome }) => outcome.state !== 'pending');
      const unretrieved = settled.some(({ outcome }) => outcome.state !== 'pulled')
        ? await this.unretrievedSecrets()
        : new Map<string, string[]>();
      for (const { p, outcome } of settled) {
        this.recorded.add(p.metadata.name);
        this.seen.push({
          name: p.metadata.name,
          created: new Date(p.metadata.creationTimestamp),
          outcome,
          pullSecrets: (p.spec?.imagePullSecrets ?? []).map((s) => s.name),
          unretrieved: outcome.state === 'pulled' ? [] : (unretrieved.get(p.metadata.name) ?? []),
        });
        done.push(p.metadata.name);
      }
      if (done.length > 0)
        await kubectlAsync(['delete', 'pod', '-n', this.namespace, '--wait=false', '--ignore-not-found', ...done]);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * The pods that could not pull with the credentials they were given: failed, and not because the
 * kubelet could not retrieve a Secret that was there ({@link ChurnedPod.unretrieved}).
 */
export function credentialFailures(pods: readonly ChurnedPod[]): ChurnedPod[] {
  return pods.filter((p) => p.outcome.state !== 'pulled' && p.unretrieved.length === 0);
}

/**
 * The span from the first to the last pod of {@link credentialFailures}, in seconds (0 when none
 * failed).
 */
export function failureWindow(pods: readonly ChurnedPod[]): { failed: number; seconds: number } {
  const failed = credentialFailures(pods).map((p) => p.created.getTime());
  if (failed.length === 0) return { failed: 0, seconds: 0 };
  return { failed: failed.length, seconds: (Math.max(...failed) - Math.min(...failed)) / 1000 + 1 };
}

/** `regcred secret gitlab … --output json` for a deploy token of a registry on 127.0.0.1: the Secret it prints. */
export async function gitlabPullSecret(
  name: string,
  namespace: string,
  registry: string,
  user: { readonly username: string; readonly password: string },
): Promise<object> {
  const r = await cli(
    [
      'secret',
      'gitlab',
      '--name',
      name,
      '--namespace',
      namespace,
      '--registry',
      registry,
      '--username',
      user.username,
      '--password-env',
      'TOKEN',
      '--output',
      'json',
    ],
    { env: { TOKEN: user.password } },
  );
  if (r.code !== 0) throw new Error(`regcred secret failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as object;
}
