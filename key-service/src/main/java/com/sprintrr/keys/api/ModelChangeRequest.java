package com.sprintrr.keys.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code PATCH /v1/byok/keys/{provider}}: {@code {"model": "..."}}, where null means the default. */
public class ModelChangeRequest {

    private String model;
    private boolean modelPresent;

    @JsonProperty("model")
    void setModel(String model) {
        this.model = model;
        this.modelPresent = true;
    }

    public String model() {
        return model;
    }

    /** Whether the body named the field at all (a null value is a choice, a missing field is not). */
    public boolean modelPresent() {
        return modelPresent;
    }
}
