/** Any registry, with a username and password. */
import { quote } from '../errors';
import { Checker } from './checker';
import { CommonCredentialsProps, RegistryKind, RegistryPreset } from './preset';

/** Username and password for any registry. */
export interface BasicCredentialsProps extends CommonCredentialsProps {
  /** The auths key: a host (`registry.example.com`), host and port, optionally a path prefix or a `*` label glob. */
  readonly registry: string;
  /** The username. */
  readonly username: string;
  /** The password or token. */
  readonly password: string;
  /**
   * An email address. Stored in the secret, never sent to the registry.
   * @default - none
   */
  readonly email?: string;
}

/** Amazon ECR hosts: `<account>.dkr.ecr.<region>.amazonaws.com` (and the China partition). */
const ECR_HOST =
  /^(?:https?:\/\/)?[0-9]{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?(?::443)?(?:\/.*)?$/;

export const BASIC: RegistryPreset<BasicCredentialsProps> = {
  kind: RegistryKind.BASIC,
  factory: 'basic',
  title: 'any registry',
  fields: {
    registry: 'key',
    username: 'username',
    password: 'secret',
    email: 'setting',
    expiresAt: 'expiry',
    acceptRefusedToken: 'setting',
  },
  tokenKinds: [],
  personChosenSecret: true,
  tokenDocs: 'https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod',
  expiry: 'Whatever the registry sets; give expiresAt when it is known.',
  rotation:
    'Get a new token from the registry, deploy it with the old one as `previous`, check with regcred verify, then revoke the old one.',
  resolve(props: BasicCredentialsProps, c: Checker) {
    c.registryKey(props.registry, 'registry');
    c.username(props.username);
    const password = c.token(props.password, 'password');
    const email = c.optionalString(props.email, 'email');
    if (email !== undefined && (email === '' || /[\s\u0000-\u001f\u007f]/.test(email))) {
      c.fail(
        'email',
        `'email' ${quote(email)} is empty or contains white space. Leave 'email' out or give an address.`,
      );
    }
    if (typeof props.registry === 'string' && ECR_HOST.test(props.registry)) {
      c.warn(
        `'registry' ${quote(props.registry)} is Amazon ECR, whose passwords (aws ecr get-login-password) live 12 hours; this pull secret stops working after that. Refresh it in the cluster instead: the kubelet's ECR credential provider on the nodes, or an External Secrets ECRAuthorizationToken generator.`,
      );
    }
    return {
      kind: RegistryKind.BASIC,
      registries: [props.registry],
      username: props.username,
      secret: password ?? '',
      secretField: 'password',
      ...(email !== undefined ? { email } : {}),
      ...c.expiry(props.expiresAt),
    };
  },
};
