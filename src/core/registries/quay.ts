/** Quay (quay.io, or a self-hosted Quay), with a robot account. */
import { quote } from '../errors';
import { Checker } from './checker';
import { CommonCredentialsProps, RegistryKind, RegistryPreset } from './preset';

/** A Quay robot account. */
export interface QuayCredentialsProps extends CommonCredentialsProps {
  /** The robot account's name, `namespace+robot` (an organization or user, then the robot). */
  readonly username: string;
  /** The robot account's token. */
  readonly token: string;
  /**
   * The registry host of a self-hosted Quay.
   * @default 'quay.io'
   */
  readonly registry?: string;
}

export const QUAY: RegistryPreset<QuayCredentialsProps> = {
  kind: RegistryKind.QUAY,
  factory: 'quay',
  title: 'Quay',
  defaultKey: 'quay.io',
  fields: {
    username: 'username',
    token: 'secret',
    registry: 'key',
    expiresAt: 'expiry',
    acceptRefusedToken: 'setting',
  },
  tokenKinds: [],
  tokenDocs: 'https://docs.quay.io/glossary/robot-accounts.html',
  expiry: 'A robot token lives until it is regenerated or the robot is deleted.',
  rotation:
    'Regenerate the robot token in Quay only after deploying it: create a second robot with read access, deploy it with the old one as `previous`, check with regcred verify, then delete the old robot.',
  resolve(props: QuayCredentialsProps, c: Checker) {
    const registry = c.optionalString(props.registry, 'registry') ?? QUAY.defaultKey!;
    c.registryKey(registry, 'registry');
    if (c.username(props.username) && !props.username.includes('+')) {
      c.warn(
        `'username' ${quote(props.username)} is not a robot account (namespace+robot); a person's login ties the secret to that person. Create a robot account with read access to the repositories.`,
      );
    }
    const token = c.token(props.token, 'token');
    return {
      kind: RegistryKind.QUAY,
      registries: [registry],
      username: props.username,
      secret: token ?? '',
      secretField: 'token',
      ...c.expiry(props.expiresAt),
    };
  },
};
