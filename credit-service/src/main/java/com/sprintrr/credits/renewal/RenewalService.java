package com.sprintrr.credits.renewal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.sprintrr.credits.account.Account;
import com.sprintrr.credits.account.Accounts;
import com.sprintrr.credits.account.Renewer;
import com.sprintrr.platform.db.Sql;

/** Monthly renewal of accounts whose period has ended (also done on an account's next touch). */
@ApplicationScoped
public class RenewalService {

    private final Sql sql;
    private final Accounts accounts;
    private final Renewer renewer;

    @Inject
    RenewalService(Sql sql, Accounts accounts, Renewer renewer) {
        this.sql = sql;
        this.accounts = accounts;
        this.renewer = renewer;
    }

    /** Renews one account if its period ended by {@code now}; returns whether it did. */
    @Transactional
    public boolean renew(String accountId, Instant now) {
        return sql.run("renew an account", c -> {
            Optional<Account> account = accounts.lockOne(c, accountId);
            if (account.isEmpty() || !account.get().periodEndedBy(now)) {
                return false;
            }
            renewer.renewIfDue(c, account.get(), now);
            return true;
        });
    }

    /** Renews up to {@code limit} due accounts that no other replica is renewing; returns how many. */
    @Transactional
    public int renewDue(Instant now, int limit) {
        return sql.run("renew due accounts", c -> {
            List<Account> due = accounts.lockDue(c, now, limit);
            for (Account account : due) {
                renewer.renewIfDue(c, account, now);
            }
            return due.size();
        });
    }
}
