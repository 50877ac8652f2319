{
  "targets": [
    {
      "target_name": "vae_lab_blas",
      "sources": ["src/blas.c", "src/gemm.c", "src/adam.c", "src/args.c", "src/conv.c", "src/conv-binding.c", "src/elementwise.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-O3", "-fno-fast-math", "-ffp-contract=off", "-fno-math-errno", "-fno-trapping-math", "-Wall", "-Wextra", "<!@(node find-openblas.js cflags)"],
      "libraries": ["<!@(node find-openblas.js libs)"]
    }
  ]
}
