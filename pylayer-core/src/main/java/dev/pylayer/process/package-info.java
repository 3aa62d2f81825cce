/**
 * Running external programs (the layer's interpreter, strip tools) with an exact environment, a
 * timeout and bounded captured output.
 */
package dev.pylayer.process;
