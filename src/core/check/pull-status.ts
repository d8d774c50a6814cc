/**
 * What only a live cluster shows: containers whose pull the kubelet reports failing, in a Pod's
 * status. Each is reported with regcred's own reasons for it, found among the other diagnostics.
 */
import { isRecord, own, quote } from '../errors';
import { KubeObject, pullSecretRefs } from '../pod-specs';
import { Diagnostic, Severity } from './diagnostic';
import { Context, keyOf, nsOf, report, str } from './_context';

/** The waiting reasons the kubelet gives a container whose image it could not pull. */
const PULL_FAILURE_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName']);

/** Where the kubelet reports each kind of container, and where the pod spec lists them. */
const STATUSES = [
  ['initContainerStatuses', 'initContainers'],
  ['containerStatuses', 'containers'],
  ['ephemeralContainerStatuses', 'ephemeralContainers'],
] as const;

/** The longest part of the kubelet's message a finding repeats. */
const MAX_MESSAGE = 300;

/** A container the kubelet could not pull the image of. */
export interface PullFailure {
  /** The container's image field in the pod spec (its status entry when the spec lacks it). */
  readonly field: string;
  readonly container: string;
  readonly image: string;
  /** `ErrImagePull`, `ImagePullBackOff`, … */
  readonly reason: string;
  /** The kubelet's message, as the status has it. */
  readonly message: string;
}

/** The containers of a Pod whose status says the kubelet cannot pull their image. */
export function pullFailures(pod: KubeObject): PullFailure[] {
  if (pod.kind !== 'Pod') return [];
  const status = own(pod, 'status');
  const spec = own(pod, 'spec');
  const failures: PullFailure[] = [];
  for (const [statusKey, specKey] of STATUSES) {
    const statuses = own(status, statusKey);
    if (!Array.isArray(statuses)) continue;
    const containers = own(spec, specKey);
    statuses.forEach((s: unknown, j) => {
      const waiting = own(own(s, 'state'), 'waiting');
      const reason = str(own(waiting, 'reason'));
      if (!PULL_FAILURE_REASONS.has(reason)) return;
      const container = str(own(s, 'name'));
      const i = Array.isArray(containers) ? containers.findIndex((c) => own(c, 'name') === container) : -1;
      const specImage = i >= 0 ? str(own((containers as unknown[])[i], 'image')) : '';
      failures.push({
        field: i >= 0 ? `spec.${specKey}[${i}].image` : `status.${statusKey}[${j}]`,
        container,
        image: specImage || str(own(s, 'image')),
        reason,
        message: str(own(waiting, 'message')),
      });
    });
  }
  return failures;
}

/**
 * Reports each failing pull of the pods in `pods`, naming the findings that explain it: those on the
 * container's image and the pod's pull secret list, and the errors of the Secrets the pod lists.
 */
export function reportPullFailures(ctx: Context, pods: readonly KubeObject[]): void {
  const found: readonly Diagnostic[] = [...ctx.out];
  for (const pod of pods) {
    const failures = pullFailures(pod);
    if (failures.length === 0) continue;
    const index = ctx.indexOf.get(pod);
    const ns = nsOf(pod, ctx);
    const spec = own(pod, 'spec');
    const secretKeys = new Set(pullSecretRefs(isRecord(spec) ? spec : undefined).map((r) => keyOf(ns, r.name)));
    for (const f of failures) {
      // The pod's own findings on this image and its pull secret list, and what makes a listed
      // Secret fail now (a token expiring later is no reason for today's failure).
      const reasons = found.filter((d) =>
        d.objectIndex === index
          ? d.severity !== Severity.INFO && (d.field === f.field || d.field.startsWith('spec.imagePullSecrets'))
          : d.severity === Severity.ERROR &&
            d.object.kind === 'Secret' &&
            secretKeys.has(keyOf(d.object.namespace, d.object.name)),
      );
      const codes = [...new Set(reasons.map((d) => d.code))];
      const said = f.message.length > MAX_MESSAGE ? `${f.message.slice(0, MAX_MESSAGE)}…` : f.message;
      report(
        ctx,
        'IMAGE_PULL_FAILING',
        pod,
        f.field,
        `The kubelet reports ${f.reason} for container ${quote(f.container)} (image ${quote(f.image)})${said ? `: ${said}` : ''}. ` +
          (codes.length > 0
            ? `regcred's reasons: ${codes.join(', ')}.`
            : 'regcred finds no credentials reason: the image or tag may not exist, or the node may not reach the registry.'),
        codes.length > 0
          ? 'Fix what those findings say; the kubelet retries the pull with a back-off.'
          : "Check that the image exists (regcred verify with the pod's pull secret tells whether those credentials can pull it) and the pod's events (kubectl describe pod).",
      );
    }
  }
}
