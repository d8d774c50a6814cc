/**
 * The system tier's guard (jest globalSetup): its suites deploy through the engine and the node
 * that `npm run test:system` builds and starts; without them, stop before any suite runs.
 */
const NEEDED = ['KUBECONFIG', 'PULUMI_HOME', 'REGCRED_ENGINE_STATE', 'REGCRED_E2E_NODE', 'REGCRED_OPERATORS'];

export default function systemTier(): void {
  const missing = NEEDED.filter((name) => !process.env[name]);
  if (missing.length === 0) return;
  process.stderr.write(
    `The system tests need the engine and node running (${missing.join(', ')} not set): run npm run test:system\n`,
  );
  process.exit(1);
}
