"""Jupyter's kernel conformance suite (jupyter_kernel_test) run against the vae-lab kernel.

Run from this directory with the kernelspec on JUPYTER_PATH:
    PYDEVD_DISABLE_FILE_VALIDATION=1 /usr/bin/python3 -m unittest -v conformance
test/kernel/conformance.test.ts does exactly that with a kernelspec installed in a temp prefix.
"""
import unittest

import jupyter_kernel_test

DISPLAY = 'Symbol.for("Jupyter.display")'


class VaeLabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "vae-lab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went wrong")'

    completion_samples = [
        {"text": "Math.ma", "matches": ["max"]},
        {"text": "const greeting = 'hi';\ngree", "matches": ["greeting"]},
    ]

    complete_code_samples = ["1", "let a = 1;", "function f() { return 1; }", "if (true) {\n  1;\n}"]
    incomplete_code_samples = ["function f() {", "let xs = [1, 2", "Math.max(1,", "const s = `multi"]
    invalid_code_samples = ["a = ]", "let x = );", "}"]

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'a' + 'b'", "result": "'ab'"},
        {
            "code": "({[%s]() { return {'text/plain': 'bold x', 'text/html': '<b>x</b>'}; }})" % DISPLAY,
            "mime": "text/html",
            "result": "<b>x</b>",
        },
    ]

    code_display_data = [
        {"code": 'import * as tslab from "tslab";\ntslab.display.html("<b>hi</b>")', "mime": "text/html"},
        {
            "code": 'import * as lab from "vae-lab";\nlab.display({[%s]: () => ({"text/markdown": "**hi**"})})' % DISPLAY,
            "mime": "text/markdown",
        },
    ]

    code_history_pattern = "6*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = 'import * as lab from "vae-lab";\nlab.clearOutput()'


if __name__ == "__main__":
    unittest.main()
