package org.ldncds.hooks;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where EHRs enter: discovery and service calls, dispatched by service id. Nothing
 * clinical happens here; a new hook or service needs no new method.
 */
@RestController
class CdsHooksController {

	/** The knowledge version and rule fingerprint that answered a call. */
	static final String KNOWLEDGE_VERSION_HEADER = "LDN-Knowledge-Version";

	private final CdsServiceRegistry registry;

	private final HookRequestParser parser;

	private final HooksProperties properties;

	private final BodyBudget budget;

	CdsHooksController(CdsServiceRegistry registry, HookRequestParser parser, HooksProperties properties,
			BodyBudget budget) {
		this.registry = registry;
		this.parser = parser;
		this.properties = properties;
		this.budget = budget;
	}

	@GetMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
	Discovery discovery() {
		return new Discovery(registry.descriptors());
	}

	@PostMapping(path = "/cds-services/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	CdsResponse call(@PathVariable String id, HttpServletRequest httpRequest, HttpServletResponse httpResponse) {
		CdsService service = registry.require(id);
		long maxBytes = properties.maxBodySize().toBytes();
		// The body's bytes are held in the budget until the call is answered.
		try (BodyBudget.Reservation held = RequestBody.reserve(httpRequest, maxBytes, budget)) {
			byte[] body = RequestBody.read(httpRequest, maxBytes, held);
			return answer(service, body, httpRequest, httpResponse);
		}
	}

	private CdsResponse answer(CdsService service, byte[] body, HttpServletRequest httpRequest,
			HttpServletResponse httpResponse) {
		Caller caller = httpRequest.getAttribute(Caller.ATTRIBUTE) instanceof Caller known ? known : Caller.UNKNOWN;
		HookRequest request = parser.parse(body, service.descriptor()).by(caller);
		// For every log line of the call from here on; removed by the call recording
		// filter once the call is recorded.
		MDC.put(ServiceCall.LOG_HOOK_INSTANCE, request.hookInstance());
		if (caller.issuer() != null) {
			MDC.put(ServiceCall.LOG_CLIENT_ISSUER, caller.issuer());
		}
		ServiceOutcome outcome = null;
		try {
			outcome = service.call(request);
		}
		finally {
			new ServiceCall(request, outcome).attachTo(httpRequest);
		}
		if (outcome instanceof ServiceOutcome.Refused refused) {
			throw refused.refusal();
		}
		ServiceOutcome.Answered answered = (ServiceOutcome.Answered) outcome;
		// Across a fleet, which knowledge gave these cards: during a rollout or a
		// reload, instances may answer with different versions.
		httpResponse.setHeader(KNOWLEDGE_VERSION_HEADER, answered.knowledgeVersion());
		return answered.response();
	}

	/** The discovery document: {@code {"services": [...]}}. */
	record Discovery(@JsonInclude(JsonInclude.Include.ALWAYS) List<ServiceDescriptor> services) {
	}

}
