package org.ldncds.security;

import java.lang.reflect.InvocationTargetException;
import java.security.Provider;

/**
 * Amazon Corretto Crypto Provider (ACCP), a JCA provider over native code, when it is on
 * the class path, its native library loads on this platform and its self-tests pass.
 * Looked up by reflection: it is a runtime dependency built for one platform (Linux
 * x86-64), and wherever it cannot load the JDK's own providers verify signatures.
 */
final class NativeCrypto {

	static final String PROVIDER_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

	private NativeCrypto() {
	}

	/** The provider or why it cannot be used; never throws. */
	static Availability amazonCorretto() {
		try {
			Class<?> type = Class.forName(PROVIDER_CLASS);
			Provider provider = (Provider) type.getField("INSTANCE").get(null);
			Object loadingError = type.getMethod("getLoadingError").invoke(provider);
			if (loadingError != null) {
				return Availability.unavailable("its native library did not load (" + loadingError + ")");
			}
			// Throws when a self-test failed: a provider that computes wrong answers must
			// not decide who is authenticated.
			type.getMethod("assertHealthy").invoke(provider);
			return Availability.of(provider);
		}
		catch (ClassNotFoundException ex) {
			return Availability.unavailable("it is not on the class path");
		}
		catch (InvocationTargetException ex) {
			return Availability.unavailable("its self-test failed (" + ex.getCause() + ")");
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return Availability.unavailable("it could not be loaded (" + ex + ")");
		}
	}

	/**
	 * A native provider, or the reason there is none.
	 *
	 * @param provider the provider, or null
	 * @param reason why there is none, or null
	 */
	record Availability(Provider provider, String reason) {

		static Availability of(Provider provider) {
			return new Availability(provider, null);
		}

		static Availability unavailable(String reason) {
			return new Availability(null, reason);
		}

	}

}
