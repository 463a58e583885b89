package flows.middleware.base;

public class RemoteBase {
  protected String remote(Integer in) { return "remote"; }
}
