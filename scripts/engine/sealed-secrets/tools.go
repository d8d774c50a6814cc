package main

import _ "github.com/bitnami-labs/sealed-secrets/cmd/controller"
