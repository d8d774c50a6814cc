/**
 * Kubernetes label selectors (`matchLabels` and `matchExpressions`), evaluated as the API
 * machinery does for a ClusterExternalSecret's namespace selectors.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */
import { isRecord, own } from '../errors';

/**
 * Whether `labels` satisfy `selector`: every `matchLabels` pair and every `matchExpressions`
 * requirement (`In`, `NotIn`, `Exists`, `DoesNotExist`). An empty selector selects everything; a
 * selector Kubernetes would refuse (an unknown operator, `In` without values, a value that is not a
 * string) selects nothing, as the operator then makes no Secret.
 */
export function selectsLabels(selector: Record<string, unknown>, labels: ReadonlyMap<string, string>): boolean {
  const matchLabels = own(selector, 'matchLabels');
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return false;
    for (const [key, value] of Object.entries(matchLabels)) if (labels.get(key) !== value) return false;
  }
  const expressions = own(selector, 'matchExpressions');
  if (expressions === undefined || expressions === null) return true;
  if (!Array.isArray(expressions)) return false;
  return expressions.every((e) => satisfies(e, labels));
}

function satisfies(requirement: unknown, labels: ReadonlyMap<string, string>): boolean {
  const key = own(requirement, 'key');
  const operator = own(requirement, 'operator');
  const raw = own(requirement, 'values') ?? [];
  if (typeof key !== 'string' || !Array.isArray(raw) || !raw.every((v) => typeof v === 'string')) return false;
  const values: readonly string[] = raw;
  const value = labels.get(key);
  switch (operator) {
    case 'In':
      return values.length > 0 && value !== undefined && values.includes(value);
    case 'NotIn':
      return values.length > 0 && (value === undefined || !values.includes(value));
    case 'Exists':
      return values.length === 0 && value !== undefined;
    case 'DoesNotExist':
      return values.length === 0 && value === undefined;
    default:
      return false;
  }
}
