package dev.pylayer.runtime;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Registers a {@link LiteLlmClient} with CRaC ({@code org.crac}, the API AWS Lambda SnapStart runs
 * its runtime hooks through) when that API is on the class path, by reflection: pylayer-runtime has
 * no dependency on it. A function that wants the hooks adds {@code io.github.crac:org-crac}.
 */
final class CracHooks {
  private CracHooks() {}

  /**
   * Registers {@code client}'s {@link LiteLlmClient#beforeCheckpoint()} and {@link
   * LiteLlmClient#afterRestore()} as an {@code org.crac.Resource} in the global context.
   *
   * @return the resource, which the caller must keep referenced (CRaC holds resources weakly), or
   *     null when {@code org.crac} is not on the class path or refuses the registration
   */
  static Object register(LiteLlmClient client) {
    Class<?> resource;
    Class<?> context;
    Class<?> core;
    try {
      ClassLoader loader = CracHooks.class.getClassLoader();
      resource = Class.forName("org.crac.Resource", false, loader);
      context = Class.forName("org.crac.Context", false, loader);
      core = Class.forName("org.crac.Core", true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null; // no CRaC API: nothing to register with
    }
    InvocationHandler handler = (proxy, method, args) -> {
      switch (method.getName()) {
        case "beforeCheckpoint":
          client.beforeCheckpoint();
          return null;
        case "afterRestore":
          client.afterRestore();
          return null;
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        case "toString":
          return "pylayer LiteLlmClient snapshot hooks";
        default:
          return null;
      }
    };
    Object proxy = Proxy.newProxyInstance(resource.getClassLoader(), new Class<?>[] {resource}, handler);
    try {
      Object global = core.getMethod("getGlobalContext").invoke(null);
      context.getMethod("register", resource).invoke(global, proxy);
      return proxy;
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      LiteLlmClient.log().log(System.Logger.Level.WARNING, "org.crac is on the class path but registering the snapshot hooks failed: " + cause);
      return null;
    }
  }
}
