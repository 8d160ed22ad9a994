package org.ldncds.calls;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpCallsTest {

	private final WarmUpCalls warmUp = new WarmUpCalls();

	@Test
	void onlyTheCurrentSecretMarksACallAsTheWarmUps() {
		assertThat(warmUp.isWarmUp(call(null))).isFalse();
		String secret = warmUp.begin();
		assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
		assertThat(warmUp.isWarmUp(call(secret))).isTrue();
		assertThat(warmUp.isWarmUp(call(null))).isFalse();
		assertThat(warmUp.isWarmUp(call(""))).isFalse();
		assertThat(warmUp.isWarmUp(call(secret + "x"))).isFalse();
		assertThat(warmUp.isWarmUp(call(secret.substring(1)))).isFalse();
	}

	@Test
	void afterTheWarmUpNoCallIsItsEvenWithItsSecret() {
		String secret = warmUp.begin();
		warmUp.end();
		assertThat(warmUp.isWarmUp(call(secret))).isFalse();
	}

	@Test
	void eachWarmUpHasANewSecret() {
		String first = warmUp.begin();
		String second = warmUp.begin();
		assertThat(second).isNotEqualTo(first);
		assertThat(warmUp.isWarmUp(call(first))).isFalse();
	}

	private static MockHttpServletRequest call(String secret) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cds-services/ldn-order-select");
		if (secret != null) {
			request.addHeader(WarmUpCalls.HEADER, secret);
		}
		return request;
	}

}
