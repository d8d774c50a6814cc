/**
 * How the props of a preset construct or component divide: the fields of the registry kind's
 * factory, the token being rotated out, and the Secret options. Both adapters split by this one
 * rule, over the kind's own field list, so a field a kind gains reaches every construct of it.
 */
import { RegcredError, isRecord, own, typeName, underField } from './errors';
import { REGISTRY_PRESETS } from './registries';
import { RegistryKind, RegistryPreset } from './registries/preset';

/** A preset's props, split. Values are passed through as given (plain values or Pulumi Inputs). */
export interface PresetPropsSplit {
  /** The props of the kind's factory for the current credentials. */
  readonly current: Readonly<Record<string, unknown>>;
  /**
   * The previous token as the kind's factory props (the current ones with the previous username
   * and secret, and no expiry), and the end of the overlap.
   * @default - no rotation in progress
   */
  readonly previous?: { readonly until: unknown; readonly props: Readonly<Record<string, unknown>> };
  /** Every other prop (the Secret options), untouched. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** The preset of `kind`, or a RegcredError naming the kinds there are. */
export function presetOf(kind: RegistryKind): RegistryPreset<never> {
  const preset = Object.prototype.hasOwnProperty.call(REGISTRY_PRESETS, kind) ? REGISTRY_PRESETS[kind] : undefined;
  if (preset === undefined) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field: 'kind',
      message: `'kind' ${JSON.stringify(String(kind))} is not a registry kind. Use one of: ${Object.keys(REGISTRY_PRESETS).join(', ')}.`,
    });
  }
  return preset;
}

/**
 * Splits the props of a preset construct of `kind`: the factory's fields (by the kind's field
 * list), `previous` (`{ token, username?, until }`) made into factory props of the same kind, and
 * the rest.
 */
export function splitPresetProps(kind: RegistryKind, props: Readonly<Record<string, unknown>>): PresetPropsSplit {
  const preset = presetOf(kind);
  const current: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(props)) {
    if (field === 'previous') continue;
    if (Object.prototype.hasOwnProperty.call(preset.fields, field)) current[field] = value;
    else options[field] = value;
  }
  const previous = own(props, 'previous');
  if (previous === undefined) return { current, options };
  if (!isRecord(previous)) {
    throw new RegcredError('INVALID_ARGUMENT', {
      field: 'previous',
      message: `'previous' must be an object { token, until, username? }, got ${typeName(previous)}. Give the token being rotated out and when to stop using it.`,
    });
  }
  const fieldOf = (role: string): string | undefined =>
    Object.keys(preset.fields).find((f) => own(preset.fields, f) === role);
  const old: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(current)) if (own(preset.fields, field) !== 'expiry') old[field] = value;
  const usernameField = fieldOf('username');
  const previousUsername = own(previous, 'username');
  if (usernameField !== undefined && previousUsername !== undefined) old[usernameField] = previousUsername;
  old[fieldOf('secret') ?? 'token'] = own(previous, 'token');
  return { current, options, previous: { until: own(previous, 'until'), props: old } };
}

/** A preset's props as the base construct's: the credentials and the previous ones, made by `make`. */
export interface PresetCredentials<C> {
  /** Every prop that is no credentials field (the Secret options), untouched. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The current credentials. */
  readonly credentials: C[];
  /**
   * The credentials being rotated out, and the end of the overlap.
   * @default - no rotation in progress
   */
  readonly previous?: { readonly until: unknown; readonly credentials: C[] };
}

/**
 * The credentials of a preset construct's props, current and previous, each made by `make` (the
 * credentials factory of an adapter: plain values, or Pulumi Inputs) from the kind's factory props.
 */
export function presetCredentials<C>(
  kind: RegistryKind,
  props: Readonly<Record<string, unknown>>,
  make: (kind: RegistryKind, props: Readonly<Record<string, unknown>>) => C,
): PresetCredentials<C> {
  const { current, previous, options } = splitPresetProps(kind, props);
  return {
    options,
    credentials: [make(kind, current)],
    ...(previous
      ? { previous: { until: previous.until, credentials: [makePrevious(kind, previous.props, make)] } }
      : {}),
  };
}

/** The previous token's credentials, its errors naming `previous.<field>` as the caller wrote it. */
function makePrevious<C>(
  kind: RegistryKind,
  props: Readonly<Record<string, unknown>>,
  make: (kind: RegistryKind, props: Readonly<Record<string, unknown>>) => C,
): C {
  try {
    return make(kind, props);
  } catch (e) {
    throw RegcredError.isRegcredError(e) ? underField(e, 'previous') : e;
  }
}

/**
 * The registry key the props of `kind` name, when it is a plain string without resolving anything;
 * the kind's default key when they name none.
 */
export function presetKey(kind: RegistryKind, props: Readonly<Record<string, unknown>>): string | undefined {
  const preset = presetOf(kind);
  const keyField = Object.keys(preset.fields).find((f) => own(preset.fields, f) === 'key');
  const named = preset.keyOf ? preset.keyOf(props) : keyField === undefined ? undefined : own(props, keyField);
  const key = named ?? preset.defaultKey;
  return typeof key === 'string' ? key : undefined;
}
