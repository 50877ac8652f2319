{
  "targets": [
    {
      "target_name": "vae_lab_blas",
      "sources": ["src/blas.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-O2", "-Wall", "-Wextra", "<!@(node find-openblas.js cflags)"],
      "libraries": ["<!@(node find-openblas.js libs)"]
    }
  ]
}
