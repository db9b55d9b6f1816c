{
  "targets": [
    {
      "target_name": "nlkit_native",
      "sources": ["native/nlsock.c", "native/args.c", "native/bound.c", "native/watch.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
