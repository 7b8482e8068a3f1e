package com.sprintrr.keys.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.sprintrr.keys.catalog.Catalog;
import com.sprintrr.keys.catalog.CatalogEntry;

import io.quarkus.security.Authenticated;

/** The providers and curated models a user can choose from. */
@Path("/v1/byok/providers")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final Catalog catalog;

    CatalogResource(Catalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public List<CatalogEntry> providers() {
        return catalog.entries();
    }
}
