/**
 * The jsii assembly's entry: the core's public API at the root, and the cdk8s constructs as the
 * `cdk8s` submodule (`regcred.cdk8s` in Python, `io.regcred.cdk8s` in Java, `regcredcdk8s` in Go). The build loads the
 * submodule on first use, so the root works without cdk8s installed.
 */
export * from './core';
export * as cdk8s from './cdk8s';
