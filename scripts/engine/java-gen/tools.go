package main

import _ "github.com/pulumi/pulumi-java/pkg/cmd/pulumi-java-gen"
