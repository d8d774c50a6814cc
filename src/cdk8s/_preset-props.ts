/** How a preset construct's props become the props of {@link RegistrySecret}. */
import { IConstruct } from 'constructs';
import { RegistryCredentials, RegistryKind, presetCredentials, requireProps } from '../core/internal';
import { withConstructPath } from './_construct-path';
import type {
  PreviousCredentials,
  PreviousToken,
  RegistrySecretOptions,
  RegistrySecretProps,
} from './registry-secret-props';

/** What a preset construct's props share: one token, and the one being rotated out. */
export interface PresetTokenProps extends RegistrySecretOptions {
  /** The registry username. */
  readonly username: string;
  /** The token. */
  readonly token: string;
  /**
   * The token being rotated out, tried after the new one until `until`.
   * @default - no rotation in progress
   */
  readonly previous?: PreviousToken;
}

/**
 * The props of a preset construct of `kind`: its credentials and the previous token's, each made
 * by the kind's factory from the fields core splits out; every other prop passes through.
 */
export function presetProps(
  scope: IConstruct,
  id: string,
  kind: RegistryKind,
  props: PresetTokenProps,
): RegistrySecretProps {
  return withConstructPath(scope, id, () => {
    requireProps(props, 'this construct', '{ username, token }');
    const { options, credentials, previous } = presetCredentials(kind, props, (k, p) =>
      RegistryCredentials._fromPreset(k, p),
    );
    return {
      ...(options as RegistrySecretOptions),
      credentials,
      previous: previous as PreviousCredentials | undefined,
    };
  });
}
