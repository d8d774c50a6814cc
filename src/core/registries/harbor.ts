/** Harbor, with a robot account. */
import { quote } from '../errors';
import { Checker } from './checker';
import { CommonCredentialsProps, RegistryKind, RegistryPreset } from './preset';

/** A Harbor robot account. */
export interface HarborCredentialsProps extends CommonCredentialsProps {
  /** The Harbor host, with port if any (`harbor.example.com`). */
  readonly registry: string;
  /** The robot account's full name: `robot$name` (system robot) or `robot$project+name` (project robot). */
  readonly username: string;
  /** The robot account's secret. */
  readonly token: string;
}

export const HARBOR: RegistryPreset<HarborCredentialsProps> = {
  kind: RegistryKind.HARBOR,
  factory: 'harbor',
  title: 'Harbor',
  fields: {
    registry: 'key',
    username: 'username',
    token: 'secret',
    expiresAt: 'expiry',
    acceptRefusedToken: 'setting',
  },
  tokenKinds: [],
  tokenDocs: 'https://goharbor.io/docs/main/working-with-projects/project-configuration/create-robot-accounts/',
  expiry: 'A robot account expires after the duration set when it was created (30 days by default), or never.',
  rotation:
    'Refresh the robot secret or create a new robot with pull permission, deploy it with the old one as `previous`, check with regcred verify, then delete the old one.',
  resolve(props: HarborCredentialsProps, c: Checker) {
    c.registryKey(props.registry, 'registry');
    if (c.username(props.username) && !props.username.startsWith('robot$')) {
      c.warn(
        `'username' ${quote(props.username)} does not start with "robot$", the prefix of Harbor robot accounts; a person's login or CLI secret ties the secret to that person. Create a robot account with pull permission.`,
      );
    }
    const token = c.token(props.token, 'token');
    return {
      kind: RegistryKind.HARBOR,
      registries: [props.registry],
      username: props.username,
      secret: token ?? '',
      secretField: 'token',
      ...c.expiry(props.expiresAt),
    };
  },
};
