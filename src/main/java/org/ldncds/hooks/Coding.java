package org.ldncds.hooks;

/** A CDS Hooks Coding: override reasons must carry a display. */
public record Coding(String system, String code, String display) {
}
