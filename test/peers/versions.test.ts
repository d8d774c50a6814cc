/**
 * The peers tier really runs the versions scripts/test-peers.sh installed: each package the suites
 * import resolves to that set, at the version asked for.
 */
const asked = (process.env.REGCRED_PEER_VERSIONS ?? '').split(' ').filter(Boolean);

test('GIVEN the peers tier WHEN the peer packages are required THEN each is the version of the set under test', () => {
  expect(asked.length).toBeGreaterThan(0);
  for (const spec of asked) {
    const at = spec.lastIndexOf('@');
    const [name, version] = [spec.slice(0, at), spec.slice(at + 1)];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the mapped package.json is what is asked
    const installed = (require(`${name}/package.json`) as { version: string }).version;
    expect(`${name}@${installed}`).toBe(`${name}@${version}`);
    expect(require.resolve(name)).toContain(process.env.REGCRED_PEERS);
  }
});
