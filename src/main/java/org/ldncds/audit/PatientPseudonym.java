package org.ldncds.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns (FHIR server, patient id) into a stable pseudonym: an HMAC-SHA-256 under a secret
 * that lives in configuration, never with the data. Without the secret the pseudonym
 * cannot be reversed or recomputed from a guessed id.
 */
final class PatientPseudonym {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private PatientPseudonym(byte[] secret) {
		this.key = new SecretKeySpec(secret, ALGORITHM);
	}

	static PatientPseudonym withSecret(String secret) {
		return new PatientPseudonym(secret.getBytes(StandardCharsets.UTF_8));
	}

	static PatientPseudonym withRandomSecret() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		return new PatientPseudonym(secret);
	}

	/**
	 * The pseudonym as the database keeps it: the first 16 bytes (128 bits) of the keyed
	 * hash, plenty to link a patient's calls; {@code null} when there is no patient.
	 */
	static byte[] bytes(String pseudonym) {
		if (pseudonym == null) {
			return null;
		}
		return HexFormat.of().parseHex(pseudonym.substring(0, Math.min(32, pseudonym.length())));
	}

	/** The pseudonym, or {@code null} when there is no patient. */
	String of(String fhirServer, String patientId) {
		if (patientId == null) {
			return null;
		}
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			byte[] digest = mac
				.doFinal(((fhirServer == null ? "" : fhirServer) + "|" + patientId).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is always available", ex);
		}
	}

}
