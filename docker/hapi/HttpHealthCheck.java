import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A container health check for images that have a JVM but no shell, curl or wget (the
 * HAPI FHIR image is distroless): exits 0 when the URL answers 200 within 5 s, else 1.
 *
 * <p>
 * Usage: {@code java -cp /healthcheck HttpHealthCheck http://localhost:8080/fhir/metadata}
 */
public final class HttpHealthCheck {

	private HttpHealthCheck() {
	}

	public static void main(String[] args) {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create(args[0]).toURL().openConnection();
			connection.setConnectTimeout(5000);
			connection.setReadTimeout(5000);
			int status = connection.getResponseCode();
			if (status != 200) {
				System.err.println("health check: " + args[0] + " answered " + status);
			}
			System.exit(status == 200 ? 0 : 1);
		}
		catch (Exception ex) {
			System.err.println("health check: " + ex);
			System.exit(1);
		}
	}

}
