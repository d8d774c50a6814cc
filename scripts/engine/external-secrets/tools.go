package main

import _ "github.com/external-secrets/external-secrets"
