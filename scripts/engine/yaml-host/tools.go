package main

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
