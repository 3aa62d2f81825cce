/** Calls LiteLLM in a pylayer layer from JVM code through one persistent Python worker. */
package dev.pylayer.runtime;
