package com.sprintrr.keys.api;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.sprintrr.keys.rotation.KeyRotation;
import com.sprintrr.keys.rotation.ReencryptionResult;
import com.sprintrr.platform.problem.Problems;

/** Operations on all stored keys (service token): re-encryption to the primary master key. */
@Path("/internal/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class InternalKeysResource {

    private final KeyRotation rotation;

    InternalKeysResource(KeyRotation rotation) {
        this.rotation = rotation;
    }

    /** One batch; call again while {@code remaining} > 0. Rows no batch can move are in {@code unreadable}. */
    @POST
    @Path("/reencrypt")
    public ReencryptionResult reencrypt(@QueryParam("batchSize") @DefaultValue("100") String batchSize) {
        int size;
        try {
            size = Integer.parseInt(batchSize.strip());
        } catch (NumberFormatException e) {
            size = 0;
        }
        if (size < 1 || size > KeyRotation.MAX_BATCH) {
            throw Problems.invalidRequest("batchSize must be an integer from 1 to " + KeyRotation.MAX_BATCH + ".");
        }
        return rotation.reencryptBatch(size);
    }
}
