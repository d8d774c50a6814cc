package main

import _ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"
