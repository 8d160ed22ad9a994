package org.ldncds.bench;

import java.util.Date;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.ldncds.security.SignatureVerifiersForBenchmarks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The signature check of a client's token (ES384 as the CDS Hooks sandbox signs, RS384 as
 * Epic does) on the JDK's own providers and on Amazon Corretto Crypto Provider. Not a
 * test; run it with
 * {@code mvn -B -Pbenchmark test-compile exec:exec@jmh -Dbench.jmh.args="SignatureBenchmark"}
 * (see README).
 *
 * <ul>
 * <li>{@code verify}: the service's way: the key's verifier built once and reused.</li>
 * <li>{@code verifyBuildingTheVerifier}: the JWK converted into a Java key and a verifier
 * built for every token, as Nimbus's default key selector and verifier factory do (the
 * service did before its verifiers were cached).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignatureBenchmark {

	@Param({ "ES384", "RS384" })
	public String algorithm;

	@Param({ "jdk", "native" })
	public String provider;

	private JWK publicKey;

	private SignedJWT token;

	private JWSVerifier verifier;

	private DefaultJWSVerifierFactory perCallFactory;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		JWK key = "ES384".equals(this.algorithm) ? new ECKeyGenerator(Curve.P_384).keyID("ec").generate()
				: new RSAKeyGenerator(2048).keyID("rsa").generate();
		this.publicKey = key.toPublicJWK();
		this.token = signedToken(key);
		SignatureVerifiersForBenchmarks verifiers = "native".equals(this.provider)
				? SignatureVerifiersForBenchmarks.nativeProvider() : SignatureVerifiersForBenchmarks.jdk();
		this.verifier = verifiers.verifierFor(this.publicKey);
		this.perCallFactory = new DefaultJWSVerifierFactory();
		this.perCallFactory.getJCAContext().setProvider(this.verifier.getJCAContext().getProvider());
		if (!verify() || !verifyBuildingTheVerifier()) {
			throw new IllegalStateException("The token does not verify");
		}
	}

	@Benchmark
	public boolean verify() throws JOSEException {
		return this.token.verify(this.verifier);
	}

	@Benchmark
	public boolean verifyBuildingTheVerifier() throws JOSEException {
		JWSHeader header = this.token.getHeader();
		JWSVerifier built = this.perCallFactory.createJWSVerifier(header,
				KeyConverter.toJavaKeys(java.util.List.of(this.publicKey)).get(0));
		return this.token.verify(built);
	}

	private SignedJWT signedToken(JWK key) throws JOSEException {
		JWSSigner signer = (key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
		JWSAlgorithm alg = JWSAlgorithm.parse(this.algorithm);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer("https://ehr.example.org")
					.audience("https://cds.example.org/cds-services/ldn-order-select")
					.issueTime(new Date())
					.jwtID("benchmark")
					.build());
		jwt.sign(signer);
		return jwt;
	}

}
