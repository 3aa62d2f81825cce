/** File-tree helpers every step shares: measured deletion, sizes, copies. No pylayer dependencies. */
package dev.pylayer.files;
