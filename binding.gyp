{
  "targets": [
    {
      "target_name": "nlkit_native",
      "sources": ["native/nlsock.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
