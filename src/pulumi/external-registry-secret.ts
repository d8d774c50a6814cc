import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  ExternalCredentials,
  ExternalCredentialsSource,
  RegcredError,
  externalCredentialsFrom,
  SecretStoreRef,
  externalPullSecretManifests,
  namespaceProblems,
  quote,
  requireProps,
  secretNameProblems,
  typeName,
} from '../core/internal';
import { inputError } from './errors';
import { MemberStore } from './members';
import type { LocalObjectReference } from './registry-secret-args';
import { WorkloadTransforms, workloadTransforms } from './transform';

/**
 * Where the operator gets the credentials, as data: `source` names the `ExternalCredentials`
 * factory, and the other fields are its props (`store`, `key`, … for a store; `spec` for a
 * generator; `registry` and `refreshInterval` for both). In TypeScript, an `ExternalCredentials`
 * (`ExternalCredentials.github({ … })`) is taken as well.
 */
export interface ExternalCredentialsArgs {
  /**
   * The factory: a store or one of the operator's token generators. Needed unless the value is
   * an `ExternalCredentials` (TypeScript).
   * @default - none: an InputPropertyError names it
   */
  readonly source?: ExternalCredentialsSource;
  /**
   * The registry key the pods' images are matched against.
   * @default - the factory's (registry.gitlab.com for GitLab, ghcr.io for GitHub, …)
   */
  readonly registry?: string;
  /**
   * How often the operator fetches the credentials again.
   * @default - the factory's
   */
  readonly refreshInterval?: string;
  /**
   * A store: the SecretStore or ClusterSecretStore to read.
   * @default - none (needed for a store)
   */
  readonly store?: SecretStoreRef;
  /**
   * A store: the key (path) holding the credentials.
   * @default - none (needed for a store)
   */
  readonly key?: string;
  /**
   * A store: a fixed username instead of one read from the store.
   * @default - read from `usernameProperty`
   */
  readonly username?: string;
  /**
   * A store: the property of `key` holding the username.
   * @default 'username'
   */
  readonly usernameProperty?: string;
  /**
   * A store: the property of `key` holding the token or password.
   * @default 'password'
   */
  readonly passwordProperty?: string;
  /**
   * A generator: its spec, as in its CRD.
   * @default - none (needed for a generator)
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a generator's spec is any JSON object
  readonly spec?: { [field: string]: any };
}

/** Arguments of {@link ExternalRegistrySecret}. */
export interface ExternalRegistrySecretArgs {
  /** Where the External Secrets Operator gets the credentials: a store, or a token generator. */
  readonly credentials: ExternalCredentialsArgs;
  /**
   * The name of the Secret the operator makes (and of the ExternalSecret).
   * @default - the component's resource name
   */
  readonly secretName?: string;
  /**
   * The namespaces to make the Secret in: one ExternalSecret (and generator) each.
   * @default - the provider's default namespace
   */
  readonly namespaces?: string[];
  /**
   * Namespaces by label: one ClusterExternalSecret (and a ClusterGenerator) instead.
   * @default - namespaced ExternalSecrets
   */
  readonly namespaceSelector?: { [label: string]: string };
  /**
   * Labels for the objects and the Secret.
   * @default - none
   */
  readonly labels?: { [label: string]: string };
}

const STORE_FIELDS = [
  'registry',
  'refreshInterval',
  'store',
  'key',
  'username',
  'usernameProperty',
  'passwordProperty',
];
const GENERATOR_FIELDS = ['registry', 'refreshInterval', 'spec'];
/** The credentials `args` describe (or are), or the problems with them, by property path. */
function externalCredentials(args: unknown, problems: Array<[string, string]>): ExternalCredentials | undefined {
  if (ExternalCredentials.isExternalCredentials(args)) return args;
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    problems.push([
      'credentials',
      `'credentials' must be an object such as { source: "store", … }, got ${typeName(args)}.`,
    ]);
    return undefined;
  }
  const given = args as Record<string, unknown>;
  const source = given.source as ExternalCredentialsSource;
  if (!(Object.values(ExternalCredentialsSource) as unknown[]).includes(source)) {
    problems.push([
      'credentials.source',
      `'source' must be one of ${Object.values(ExternalCredentialsSource).join(', ')}, got ${typeof given.source === 'string' ? quote(given.source) : typeName(given.source)}.`,
    ]);
    return undefined;
  }
  const fields = source === ExternalCredentialsSource.STORE ? STORE_FIELDS : GENERATOR_FIELDS;
  const stray = Object.keys(given).filter((k) => k !== 'source' && !fields.includes(k) && given[k] !== undefined);
  for (const k of stray) {
    problems.push([
      `credentials.${k}`,
      `'${k}' is not a field of source "${source}", which takes ${fields.join(', ')}.`,
    ]);
  }
  if (stray.length > 0) return undefined;
  const props = Object.fromEntries(fields.filter((k) => given[k] !== undefined).map((k) => [k, given[k]]));
  try {
    return externalCredentialsFrom(source, props as never);
  } catch (e) {
    if (!RegcredError.isRegcredError(e)) throw e;
    for (const issue of e.issues) problems.push([`credentials.${issue.field}`, issue.message]);
    return undefined;
  }
}

/** The property path of a field of externalPullSecretManifests' options. */
function optionPath(field: string, namespaceIndex: number | undefined): string {
  if (field === 'name') return 'secretName';
  if (field === 'namespace') return namespaceIndex === undefined ? 'namespaces' : `namespaces[${namespaceIndex}]`;
  return field;
}

/**
 * What {@link ExternalRegistrySecret} offers a TypeScript program beside its outputs; kept out of
 * the package schema. Other languages use the outputs `secretName` and `imagePullSecrets`.
 */
export interface ExternalRegistrySecretMembers extends WorkloadTransforms {
  /** The operator's objects: ExternalSecrets (or the ClusterExternalSecret) and generators. */
  readonly objects: readonly k8s.apiextensions.CustomResource[];
}

const MEMBERS = new MemberStore<ExternalRegistrySecretMembers>([
  'objects',
  'transform',
  'transformation',
  'chartTransformation',
]);

/**
 * An image pull Secret that the External Secrets Operator makes in the
 * cluster from a secret store or a registry token generator: no token passes
 * through Pulumi. Emits the ExternalSecret (or ClusterExternalSecret) with the
 * template regcred writes, and the generator object; wires workloads whose
 * images the credentials' registries match through `transform`, like the
 * other components. Args that break a rule throw an InputPropertyError (or
 * InputPropertiesError) naming each property, before anything is registered.
 *
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the members are getters from MEMBERS
export interface ExternalRegistrySecret extends ExternalRegistrySecretMembers {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ExternalRegistrySecret extends pulumi.ComponentResource {
  /** The name of the Secret the operator makes. */
  public readonly secretName: pulumi.Output<string>;
  /** `[{ name }]`, ready for a pod spec's `imagePullSecrets`. */
  public readonly imagePullSecrets: pulumi.Output<LocalObjectReference[]>;

  public constructor(name: string, args: ExternalRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    requireProps(
      args,
      'ExternalRegistrySecret',
      '{ credentials: { source: "store", registry, store: { name }, key } }',
    );
    super('regcred:index:ExternalRegistrySecret', name, {}, opts);
    const secretName = args.secretName ?? name;
    const cluster = args.namespaceSelector !== undefined;
    const problems: Array<[string, string]> = [];
    const credentials = externalCredentials(args.credentials, problems);
    if (typeof secretName === 'string') {
      for (const p of secretNameProblems(secretName, 'secretName')) problems.push(['secretName', p.message]);
    }
    if (args.namespaces !== undefined && !Array.isArray(args.namespaces)) {
      problems.push([
        'namespaces',
        `'namespaces' must be a list of namespace names, got ${typeName(args.namespaces)}.`,
      ]);
    }
    const listed = Array.isArray(args.namespaces) ? (args.namespaces as unknown[]) : [];
    const namespaces: Array<string | undefined> = !cluster && listed.length > 0 ? (listed as string[]) : [undefined];
    listed.forEach((ns, i) => {
      for (const p of namespaceProblems(ns as string, `namespaces[${i}]`))
        problems.push([`namespaces[${i}]`, p.message]);
    });
    const manifests: Array<Array<Record<string, unknown>>> = [];
    if (credentials) {
      namespaces.forEach((ns, i) => {
        try {
          manifests.push(
            externalPullSecretManifests({
              name: secretName,
              ...(ns !== undefined ? { namespace: ns } : {}),
              credentials,
              ...(cluster ? { namespaceSelector: args.namespaceSelector } : {}),
              ...(args.labels ? { labels: args.labels } : {}),
            }),
          );
        } catch (e) {
          if (!RegcredError.isRegcredError(e)) throw e;
          for (const issue of e.issues) {
            const at = optionPath(issue.field, ns === undefined ? undefined : i);
            if (!problems.some(([p]) => p === at)) problems.push([at, issue.message]);
          }
        }
      });
    }
    if (problems.length > 0) throw inputError(problems);
    const objects: k8s.apiextensions.CustomResource[] = [];
    manifests.forEach((list, i) => {
      const ns = namespaces[i];
      for (const m of list) {
        const kind = m.kind as string;
        objects.push(
          new k8s.apiextensions.CustomResource(
            `${name}-${kind.charAt(0).toLowerCase()}${kind.slice(1)}${ns === undefined ? '' : `-${ns}`}`,
            m as k8s.apiextensions.CustomResourceArgs,
            { parent: this },
          ),
        );
      }
    });
    const target = { secretNames: [secretName], registries: credentials!.registries };
    MEMBERS.set(this, {
      objects,
      ...workloadTransforms(target),
    });
    this.secretName = pulumi.output(secretName);
    this.imagePullSecrets = pulumi.output([{ name: secretName }]);
    this.registerOutputs({ secretName: this.secretName, imagePullSecrets: this.imagePullSecrets });
  }
}
MEMBERS.install(ExternalRegistrySecret);
