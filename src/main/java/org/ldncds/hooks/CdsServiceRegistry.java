package org.ldncds.hooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The services this instance hosts, by id, in a stable order for discovery. */
@Component
public class CdsServiceRegistry {

	private final Map<String, CdsService> servicesById = new LinkedHashMap<>();

	public CdsServiceRegistry(List<CdsService> services) {
		services.stream().sorted((a, b) -> a.descriptor().id().compareTo(b.descriptor().id())).forEach(this::register);
	}

	public Optional<CdsService> find(String id) {
		return Optional.ofNullable(servicesById.get(id));
	}

	/**
	 * The service with this id.
	 * @throws CdsHooksException 404 naming the id, when there is none
	 */
	public CdsService require(String id) {
		return find(id).orElseThrow(() -> new CdsHooksException(HttpStatus.NOT_FOUND, "unknown_service",
				"no CDS service with id '" + id + "'; see GET /cds-services"));
	}

	/** Every service, in discovery order. */
	public List<CdsService> services() {
		return List.copyOf(servicesById.values());
	}

	public List<ServiceDescriptor> descriptors() {
		return servicesById.values().stream().map(CdsService::descriptor).toList();
	}

	private void register(CdsService service) {
		String id = service.descriptor().id();
		if (servicesById.putIfAbsent(id, service) != null) {
			throw new IllegalStateException("Two CDS services share the id " + id);
		}
	}

}
