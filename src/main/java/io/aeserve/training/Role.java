package io.aeserve.training;

/** What a replica does ({@code aeserve.role}). */
public enum Role {
    /** Answers the API and trains: one replica, or every replica alike. */
    ALL,
    /** Answers the API and never trains; the jobs it accepts wait in the database for a trainer. */
    SERVE,
    /** Claims and runs the jobs queued in the database; answers the API too. */
    TRAIN;

    boolean trains() {
        return this != SERVE;
    }

    /** Roles hand jobs over through the database: without one, every replica must do it all. */
    static void requireAllWithoutDatabase(Role role) {
        if (role != ALL) {
            throw new IllegalStateException("aeserve.role=" + role.name().toLowerCase() + " needs a database through"
                    + " which replicas hand training jobs over (spring.datasource.url); without one, use"
                    + " aeserve.role=all");
        }
    }
}
