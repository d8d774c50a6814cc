/**
 * `regcred check --cluster`: the objects a check needs, read from the live cluster through the
 * kubeconfig with the official client (@kubernetes/client-node, an optional peer dependency loaded
 * only here). Only `list` is used, paged; of Secrets, only those of the pull-secret types.
 */
import { DOCKER_CONFIG_JSON_TYPE, DOCKERCFG_TYPE, KubeObject, pullFailures } from '../core/internal';
import { UsageError, printable } from './io';

/** What to read: the kubeconfig's context, and one namespace or all. */
export interface ClusterScope {
  /** @default - the kubeconfig's current context */
  readonly context?: string;
  /** @default - the context's namespace, else "default" */
  readonly namespace?: string;
  readonly allNamespaces: boolean;
}

export interface ClusterObjects {
  readonly objects: KubeObject[];
  /** The context read, and where: `kind-dev, namespace "shop"` or `kind-dev, all namespaces`. */
  readonly scope: string;
}

/** How many objects one list call asks for: a cluster of any size is read in pages of this many. */
const PAGE = 500;

/** The parts of @kubernetes/client-node this file uses (1.x and 2.x have the same). */
interface Client {
  KubeConfig: new () => KubeConfig;
  CoreV1Api: unknown;
  AppsV1Api: unknown;
  BatchV1Api: unknown;
}
interface KubeConfig {
  loadFromDefault(): void;
  getContexts(): Array<{ name: string; namespace?: string }>;
  getCurrentContext(): string;
  setCurrentContext(name: string): void;
  getCurrentCluster(): { server: string } | null;
  makeApiClient(api: unknown): Record<string, unknown>;
}
interface ListPage {
  items?: unknown[];
  metadata?: { _continue?: string; continue?: string };
}

/** Each kind read, its API group's client and the name of its list calls. */
const RESOURCES = [
  { kind: 'Pod', apiVersion: 'v1', api: 'CoreV1Api', plural: 'Pod', resource: 'pods' },
  { kind: 'ServiceAccount', apiVersion: 'v1', api: 'CoreV1Api', plural: 'ServiceAccount', resource: 'serviceaccounts' },
  {
    kind: 'ReplicationController',
    apiVersion: 'v1',
    api: 'CoreV1Api',
    plural: 'ReplicationController',
    resource: 'replicationcontrollers',
  },
  { kind: 'Deployment', apiVersion: 'apps/v1', api: 'AppsV1Api', plural: 'Deployment', resource: 'deployments' },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', api: 'AppsV1Api', plural: 'StatefulSet', resource: 'statefulsets' },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', api: 'AppsV1Api', plural: 'DaemonSet', resource: 'daemonsets' },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', api: 'AppsV1Api', plural: 'ReplicaSet', resource: 'replicasets' },
  { kind: 'Job', apiVersion: 'batch/v1', api: 'BatchV1Api', plural: 'Job', resource: 'jobs' },
  { kind: 'CronJob', apiVersion: 'batch/v1', api: 'BatchV1Api', plural: 'CronJob', resource: 'cronjobs' },
  // Secrets: only the two types the kubelet reads as pull secrets, by field selector.
  ...[DOCKER_CONFIG_JSON_TYPE, DOCKERCFG_TYPE].map((type) => ({
    kind: 'Secret',
    apiVersion: 'v1',
    api: 'CoreV1Api' as const,
    plural: 'Secret',
    resource: 'secrets',
    fieldSelector: `type=${type}`,
  })),
] as const;

/** The API resources `--cluster` lists, by API group, for the RBAC rule it needs. */
export const CLUSTER_RESOURCES: ReadonlyMap<string, readonly string[]> = RESOURCES.reduce((m, r) => {
  const group = r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : '';
  const list = m.get(group) ?? [];
  if (!list.includes(r.resource)) list.push(r.resource);
  return m.set(group, list);
}, new Map<string, string[]>());

/** The client, from the project regcred runs in, else from regcred's own dependencies. */
function loadClient(cwd: string): Client {
  let resolved: string;
  try {
    resolved = require.resolve('@kubernetes/client-node', { paths: [cwd, __dirname] });
  } catch {
    throw new UsageError(
      '--cluster reads the cluster with the official Kubernetes client, which is not installed: npm install @kubernetes/client-node (1.x on Node.js 20, 1.x or 2.x on Node.js 22 and later)',
    );
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(resolved) as Client;
  } catch (e) {
    // The client is an ES module, which Node.js loads with require from 20.19 on.
    if ((e as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw e;
    throw new UsageError(
      `--cluster needs Node.js 20.19 or later to load @kubernetes/client-node (an ES module); this is ${process.version}`,
    );
  }
}

/** Why a list call failed, in words, naming the resource and the namespace. */
function listError(e: unknown, resource: string, where: string, server: string): UsageError {
  const status = (e as { code?: unknown }).code;
  if (status === 403) {
    return new UsageError(
      `forbidden: the kubeconfig's user may not list ${resource} ${where}; regcred check --cluster needs list on pods, serviceaccounts, replicationcontrollers, secrets, deployments, statefulsets, daemonsets, replicasets, jobs and cronjobs (the Role in docs/check.md#the-live-cluster)`,
    );
  }
  if (status === 401)
    return new UsageError(`unauthorized: the API server at ${server} refused the kubeconfig's credentials`);
  if (typeof status === 'number')
    return new UsageError(`listing ${resource} ${where}: the API server answered ${status}`);
  const cause = (e as { cause?: { code?: unknown } }).cause;
  const code = typeof status === 'string' ? status : typeof cause?.code === 'string' ? cause.code : undefined;
  const message = e instanceof Error ? e.message : String(e);
  return new UsageError(`cannot reach the API server at ${server}: ${code ?? message}`);
}

/**
 * Lists the objects a check needs from the cluster the kubeconfig names. Pods that a controller
 * owns are left to their controller's template unless their status says a pull is failing (what
 * only the cluster shows); every object gets the apiVersion and kind its list leaves out.
 */
export async function readCluster(scope: ClusterScope, cwd: string): Promise<ClusterObjects> {
  const client = loadClient(cwd);
  const config = new client.KubeConfig();
  try {
    config.loadFromDefault();
  } catch (e) {
    throw new UsageError(`cannot read the kubeconfig: ${printable(e instanceof Error ? e.message : String(e))}`);
  }
  const contexts = config.getContexts();
  if (scope.context !== undefined) {
    if (!contexts.some((c) => c.name === scope.context)) {
      throw new UsageError(
        `--context "${printable(scope.context)}" is not in the kubeconfig; it has ${contexts.map((c) => `"${printable(c.name)}"`).join(', ') || 'no context'}`,
      );
    }
    config.setCurrentContext(scope.context);
  }
  const context = config.getCurrentContext();
  const server = config.getCurrentCluster()?.server;
  if (!context || !server) {
    throw new UsageError('the kubeconfig names no current context with a cluster; give --context, or set KUBECONFIG');
  }
  const namespace = scope.namespace ?? contexts.find((c) => c.name === context)?.namespace ?? 'default';
  const place = scope.allNamespaces ? 'all namespaces' : `namespace "${printable(namespace)}"`;
  const where = scope.allNamespaces ? 'in any namespace' : `in ${place}`;
  const apis = new Map<string, Record<string, unknown>>();
  const objects: KubeObject[] = [];
  for (const r of RESOURCES) {
    const api = apis.get(r.api) ?? config.makeApiClient(client[r.api]);
    apis.set(r.api, api);
    const method = scope.allNamespaces ? `list${r.plural}ForAllNamespaces` : `listNamespaced${r.plural}`;
    const call = api[method] as (params: object) => Promise<ListPage>;
    let next: string | undefined;
    do {
      let page: ListPage;
      try {
        page = await call.call(api, {
          ...(scope.allNamespaces ? {} : { namespace }),
          limit: PAGE,
          ...(next ? { _continue: next } : {}),
          ...('fieldSelector' in r ? { fieldSelector: r.fieldSelector } : {}),
        });
      } catch (e) {
        throw listError(e, r.resource, where, server);
      }
      for (const item of page.items ?? []) {
        const object = { apiVersion: r.apiVersion, kind: r.kind, ...(JSON.parse(JSON.stringify(item)) as object) };
        if (ownedByWhatIsRead(object) && pullFailures(object).length === 0) continue;
        objects.push(object);
      }
      next = page.metadata?._continue ?? page.metadata?.continue;
    } while (next);
  }
  return { objects, scope: `context "${printable(context)}", ${place}` };
}

/**
 * Whether the object's controller is of a kind that is read too, whose template the check reads
 * instead (a Deployment's ReplicaSets and their Pods, a CronJob's Jobs); an object an operator's
 * resource controls is kept, since that resource is not read.
 */
function ownedByWhatIsRead(o: KubeObject): boolean {
  const owners = (o.metadata as { ownerReferences?: unknown } | undefined)?.ownerReferences;
  if (!Array.isArray(owners)) return false;
  return owners.some((r: unknown) => {
    const owner = r as { controller?: unknown; kind?: unknown; apiVersion?: unknown };
    return (
      owner?.controller === true && RESOURCES.some((x) => x.kind === owner.kind && x.apiVersion === owner.apiVersion)
    );
  });
}
