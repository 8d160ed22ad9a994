package org.ldncds.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * The connection-level facts and duties the servlet API does not reach.
 * <ul>
 * <li>Records the address of the socket's peer as the request attribute
 * {@link #PEER_ADDRESS}: the remote address a servlet sees may have been rewritten from
 * {@code X-Forwarded-For} (Tomcat's RemoteIpValve), the peer is who really
 * connected.</li>
 * <li>Once the answer is made, a request body the application did not read (a 401, 413,
 * 404...) is not drained: Tomcat would read it to the end to keep the connection alive,
 * holding a worker for as long as the client takes to send it. The connection is closed
 * instead ({@code Connection: close}).</li>
 * </ul>
 * It is an engine valve, so that it acts after the host's error pages: Tomcat takes the
 * connection's closing for an error, and an error page would replace the answer.
 */
public final class ConnectionValve extends ValveBase {

	/** The request attribute holding the socket peer's IP address (a String). */
	public static final String PEER_ADDRESS = "org.ldncds.hooks.peerAddress";

	ConnectionValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		request.setAttribute(PEER_ADDRESS, request.getPeerAddr());
		getNext().invoke(request, response);
		if (!request.isAsync() && declaresBody(request) && !request.getCoyoteRequest().isFinished()) {
			closeInsteadOfDraining(request, response);
		}
	}

	private static boolean declaresBody(Request request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private static void closeInsteadOfDraining(Request request, Response response) throws IOException {
		if (!response.isCommitted()) {
			response.setHeader("Connection", "close");
		}
		// Sent as it is first: Tomcat turns the status of an answer not yet sent into 500
		// when the connection is marked to close.
		response.finishResponse();
		// Closes the connection after the answer, the rest of the body left unread.
		request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
	}

}
