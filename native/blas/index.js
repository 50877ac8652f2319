"use strict";
// The compiled binding; requiring this package throws when the optional build did not run or failed.
module.exports = require("./build/Release/vae_lab_blas.node");
