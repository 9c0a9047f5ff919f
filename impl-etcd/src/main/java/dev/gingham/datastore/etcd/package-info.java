/** The etcd v3 datastore (etcd://host:port[,host:port...]). */
@NullMarked
package dev.gingham.datastore.etcd;

import org.jspecify.annotations.NullMarked;
