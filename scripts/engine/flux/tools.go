package main

import _ "github.com/fluxcd/kustomize-controller"
