package dev.weir.app;

import java.util.Arrays;

/**
 * A program for {@link LauncherTest}: its first argument is taken for a sample's name (as the samples
 * launcher does), the rest for the flow's options; prints how it was invoked and the arguments it got.
 */
public final class InvocationChild {

  private InvocationChild() {}

  public static void main(String[] args) {
    String[] flowArgs = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    System.out.println("invocation: " + FlowApplication.invocation(flowArgs));
    System.out.println("args: " + String.join("|", args));
  }
}
