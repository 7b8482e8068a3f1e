package com.sprintrr.platform.json;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every service reads JSON strictly: a number is not a string, "true" is not a boolean, 10.9 or
 * "100" is not an integer, a key given twice is refused rather than the last one winning, unknown
 * fields and trailing garbage are refused, and text may not hold NUL or a lone surrogate (see
 * {@link StrictText}); all 400 problem+json. Parser messages never quote the input (which could be
 * a key) in their location. Clients of other services' responses opt out of the unknown-field rule
 * with {@code @JsonIgnoreProperties(ignoreUnknown = true)} (tolerant reader).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        configure(mapper);
    }

    /** Applies the rules to a mapper; public so code outside CDI (tests, plain readers) reads alike. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        // {"credits":10.9} must not become 10, nor {"credits":"100"} 100.
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        // {"credits":1,"credits":1000000}: which value a reader keeps is not something to leave to chance.
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.getFactory().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature());
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.Integer, CoercionInputShape.String,
                CoercionInputShape.EmptyString);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.Float, CoercionInputShape.String,
                CoercionInputShape.EmptyString, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Boolean);
        mapper.registerModule(new SimpleModule("sprintrr-strict-text").addDeserializer(String.class, new StrictText()));
        return mapper;
    }

    /** Values of these input shapes are refused where a value of this type belongs. */
    private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        MutableCoercionConfig config = mapper.coercionConfigFor(type);
        for (CoercionInputShape shape : shapes) {
            config.setCoercion(shape, CoercionAction.Fail);
        }
    }
}
