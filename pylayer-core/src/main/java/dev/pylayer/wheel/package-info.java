/**
 * What a wheel is before it is installed: the best wheel of a project for a target ({@link
 * dev.pylayer.wheel.WheelSelector}) and its core metadata ({@link dev.pylayer.wheel.CoreMetadata}).
 * Shared by {@code lock} and {@code install}, so neither depends on the other.
 */
package dev.pylayer.wheel;
