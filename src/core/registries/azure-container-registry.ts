/** Azure Container Registry, with a repository-scoped token or a service principal. */
import { quote } from '../errors';
import { Checker } from './checker';
import { CommonCredentialsProps, RegistryKind, RegistryPreset } from './preset';

/** An Azure Container Registry token or service principal. */
export interface AzureContainerRegistryCredentialsProps extends CommonCredentialsProps {
  /** The registry's login server: `<name>.azurecr.io` (`.azurecr.cn`, `.azurecr.us` in sovereign clouds). */
  readonly registry: string;
  /** A repository-scoped token's name, or a service principal's application (client) ID. */
  readonly username: string;
  /** The token's password, or the service principal's secret. */
  readonly password: string;
}

const LOGIN_SERVER = /^[a-z0-9]{5,50}\.azurecr\.(?:io|cn|us)$/;
/** The user name `az acr login --expose-token` prints with a three-hour access token. */
export const ACCESS_TOKEN_USER = '00000000-0000-0000-0000-000000000000';

export const AZURE_CONTAINER_REGISTRY: RegistryPreset<AzureContainerRegistryCredentialsProps> = {
  kind: RegistryKind.AZURE_CONTAINER_REGISTRY,
  factory: 'azureContainerRegistry',
  title: 'Azure Container Registry',
  fields: {
    registry: 'key',
    username: 'username',
    password: 'secret',
    expiresAt: 'expiry',
    acceptRefusedToken: 'setting',
  },
  tokenKinds: [],
  tokenDocs: 'https://learn.microsoft.com/azure/container-registry/container-registry-repository-scoped-permissions',
  expiry: "A token's password or a service principal's secret expires at the date set when it was created.",
  rotation:
    "Generate the token's second password (password2), deploy it with the first as `previous`, check with regcred verify, then regenerate the first.",
  resolve(props: AzureContainerRegistryCredentialsProps, c: Checker) {
    if (typeof props.registry === 'string' && !LOGIN_SERVER.test(props.registry)) {
      c.fail(
        'registry',
        `'registry' ${quote(props.registry)} is not an Azure Container Registry login server; it is "<name>.azurecr.io" (5 to 50 lowercase letters and digits; .azurecr.cn or .azurecr.us in sovereign clouds), as images name it.`,
      );
    } else {
      c.registryKey(props.registry, 'registry');
    }
    if (c.username(props.username) && props.username === ACCESS_TOKEN_USER) {
      const message =
        "'username' is the one of an ACR access token (az acr login --expose-token), which lives three hours; the pull secret stops working after that. Create a repository-scoped token (az acr token create) or use a service principal.";
      c.refuse('username', props.acceptRefusedToken, message);
    }
    const password = c.token(props.password, 'password');
    return {
      kind: RegistryKind.AZURE_CONTAINER_REGISTRY,
      registries: [props.registry],
      username: props.username,
      secret: password ?? '',
      secretField: 'password',
      ...c.expiry(props.expiresAt),
    };
  },
};
