package org.ldncds.knowledge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.NamingSystem;
import org.hl7.fhir.r4.model.NamingSystem.NamingSystemIdentifierType;
import org.hl7.fhir.r4.model.NamingSystem.NamingSystemUniqueIdComponent;

/**
 * Real EHRs name the same code system in different ways (RxNorm by its URL or by
 * {@code urn:oid:2.16.840.1.113883.6.88}). The NamingSystem resources of the knowledge
 * base list the forms; this maps each form to the preferred URL.
 */
final class CodeSystemAliases {

	private final Map<String, String> preferredByAlias;

	private CodeSystemAliases(Map<String, String> preferredByAlias) {
		this.preferredByAlias = Map.copyOf(preferredByAlias);
	}

	static CodeSystemAliases from(List<NamingSystem> namingSystems) {
		Map<String, String> preferred = new HashMap<>();
		for (NamingSystem namingSystem : namingSystems) {
			String uri = preferredUri(namingSystem);
			if (uri == null) {
				continue;
			}
			for (NamingSystemUniqueIdComponent id : namingSystem.getUniqueId()) {
				String value = id.getValue();
				if (id.getType() == NamingSystemIdentifierType.OID) {
					String oid = value.startsWith("urn:oid:") ? value.substring("urn:oid:".length()) : value;
					preferred.put(normalize(oid), uri);
					preferred.put(normalize("urn:oid:" + oid), uri);
				}
				else {
					preferred.put(normalize(value), uri);
				}
			}
		}
		return new CodeSystemAliases(preferred);
	}

	/** The preferred URL of the system, or the system as given when it is not known. */
	String canonical(String system) {
		if (system == null) {
			return "";
		}
		String normalized = normalize(system);
		return preferredByAlias.getOrDefault(normalized, normalized);
	}

	private static String preferredUri(NamingSystem namingSystem) {
		return namingSystem.getUniqueId()
			.stream()
			.filter((id) -> id.getType() == NamingSystemIdentifierType.URI)
			.sorted((a, b) -> Boolean.compare(b.getPreferred(), a.getPreferred()))
			.map(NamingSystemUniqueIdComponent::getValue)
			.map(CodeSystemAliases::normalize)
			.findFirst()
			.orElse(null);
	}

	private static String normalize(String system) {
		String trimmed = system.strip();
		return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

}
