package org.ldncds.audit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rule names and override reasons as small numbers: each is stored once in
 * {@code audit_term} and referred to by its number in the audit rows, which keeps a
 * call's record small. The terms come from the knowledge base, never from callers, so
 * there are few; each instance keeps those it has seen. Two instances adding the same
 * term at once get the same number (the term is unique in the table).
 */
final class AuditTerms {

	/** More terms than a knowledge base has: beyond it they are looked up every time. */
	private static final int CACHE_LIMIT = 10_000;

	private final JdbcClient jdbc;

	private final Map<String, Integer> ids = new ConcurrentHashMap<>();

	private final Map<Integer, String> names = new ConcurrentHashMap<>();

	AuditTerms(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The term's number, the term stored first if new. */
	int idOf(String term) {
		Integer known = ids.get(term);
		if (known != null) {
			return known;
		}
		Integer id = find(term);
		if (id == null) {
			jdbc.sql("insert into audit_term (term) values (?) on conflict do nothing").param(term).update();
			id = find(term);
			if (id == null) {
				throw new IllegalStateException("The audit term just stored cannot be found");
			}
		}
		remember(term, id);
		return id;
	}

	private Integer find(String term) {
		return jdbc.sql("select term_id from audit_term where term = ?")
			.param(term)
			.query(Integer.class)
			.optional()
			.orElse(null);
	}

	/** The numbers of these terms, comma-separated in order, or null for none. */
	String idsOf(List<String> terms) {
		if (terms == null || terms.isEmpty()) {
			return null;
		}
		return terms.stream().map((term) -> String.valueOf(idOf(term))).collect(Collectors.joining(","));
	}

	/** The term with this number. */
	String nameOf(int id) {
		String known = names.get(id);
		if (known != null) {
			return known;
		}
		String term = jdbc.sql("select term from audit_term where term_id = ?").param(id).query(String.class).single();
		remember(term, id);
		return term;
	}

	/** The terms of comma-separated numbers, in order. */
	List<String> namesOf(String idList) {
		if (idList == null || idList.isEmpty()) {
			return List.of();
		}
		return java.util.Arrays.stream(idList.split(",")).map((id) -> nameOf(Integer.parseInt(id.trim()))).toList();
	}

	private void remember(String term, int id) {
		if (ids.size() < CACHE_LIMIT) {
			ids.put(term, id);
			names.put(id, term);
		}
	}

}
