/**
 * The operators' own code, run by test/operators (a Go helper built by
 * `scripts/engine.sh build`): the Sealed Secrets controller's Unseal, the
 * External Secrets Operator's template engine, and kubectl's YAML reader
 * (sigs.k8s.io/yaml). It computes; the tests judge.
 */
import { execFileSync } from 'node:child_process';
import { ENGINE_MISSING } from '../engine/engine';

export interface UnsealRequest {
  readonly id: string;
  readonly sealedSecret: object;
  readonly privateKey: string;
}

export interface RenderRequest {
  readonly id: string;
  readonly template: Record<string, string>;
  /** The values the operator fetched, as bytes. */
  readonly data: Record<string, Buffer>;
}

/** A Secret the operator's code made, with `data` decoded to bytes; or its error. */
export interface OperatorResult {
  readonly id: string;
  readonly secret?: {
    metadata: {
      name?: string;
      namespace?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    type?: string;
    data?: Record<string, Buffer>;
  };
  readonly error?: string;
}

function binary(): string {
  const bin = process.env.REGCRED_OPERATORS;
  if (!bin) throw new Error(`REGCRED_OPERATORS not set.\n${ENGINE_MISSING}`);
  return bin;
}

/** Runs the helper over many requests at once. */
export function runOperators(request: { unseal?: UnsealRequest[]; render?: RenderRequest[] }): {
  unsealed: OperatorResult[];
  rendered: OperatorResult[];
} {
  const body = JSON.stringify({
    unseal: request.unseal ?? [],
    render: (request.render ?? []).map((r) => ({
      ...r,
      data: Object.fromEntries(Object.entries(r.data).map(([k, v]) => [k, v.toString('base64')])),
    })),
  });
  const out = JSON.parse(
    execFileSync(binary(), [], { input: body, maxBuffer: 512 * 1024 * 1024 }).toString('utf8'),
  ) as {
    unsealed: OperatorResult[];
    rendered: OperatorResult[];
  };
  const decode = (r: OperatorResult): OperatorResult =>
    r.secret?.data
      ? {
          ...r,
          secret: {
            ...r.secret,
            data: Object.fromEntries(
              Object.entries(r.secret.data as unknown as Record<string, string>).map(([k, v]) => [
                k,
                Buffer.from(v, 'base64'),
              ]),
            ),
          },
        }
      : r;
  return { unsealed: out.unsealed.map(decode), rendered: out.rendered.map(decode) };
}

/** Each YAML document as kubectl's reader (sigs.k8s.io/yaml, YAML 1.1) turns it into JSON, or its error. */
export function kubectlYaml(texts: readonly string[]): Array<{ json?: unknown; error?: string }> {
  const out = JSON.parse(
    execFileSync(binary(), [], {
      input: JSON.stringify({ yaml: texts.map((text, i) => ({ id: String(i), text })) }),
      maxBuffer: 512 * 1024 * 1024,
    }).toString('utf8'),
  ) as { yaml: Array<{ json?: unknown; error?: string }> };
  return out.yaml;
}
