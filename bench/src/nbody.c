/* Floating-point benchmark: a five-body gravitational simulation (a sun and
 * four planets, in units where the sun's mass is 4*pi^2) stepped with a
 * symplectic Euler integrator in double precision. Square roots, divides
 * and long dependent chains of multiply-adds; the energy is printed before
 * and after so a wrong rounding shows up in the digits.
 * Build with -ffp-contract=off so that the riscv64 and the x86-64 builds
 * round the same way.
 *   nbody [STEPS]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define N_BODIES 5
#define DAYS_PER_YEAR 365.24

struct body {
    double x, y, z, vx, vy, vz, mass;
};

static void advance(struct body *b, int n, double dt)
{
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            b[i].vx -= dx * b[j].mass * mag;
            b[i].vy -= dy * b[j].mass * mag;
            b[i].vz -= dz * b[j].mass * mag;
            b[j].vx += dx * b[i].mass * mag;
            b[j].vy += dy * b[i].mass * mag;
            b[j].vz += dz * b[i].mass * mag;
        }
    }
    for (int i = 0; i < n; i++) {
        b[i].x += dt * b[i].vx;
        b[i].y += dt * b[i].vy;
        b[i].z += dt * b[i].vz;
    }
}

static double energy(const struct body *b, int n)
{
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        e += 0.5 * b[i].mass * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < n; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].mass * b[j].mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

int main(int argc, char **argv)
{
    int steps = argc > 1 ? atoi(argv[1]) : 400000;
    const double pi = 3.141592653589793;
    const double solar_mass = 4 * pi * pi;
    /* Orbital elements of the outer planets, rounded. */
    struct body b[N_BODIES] = {
        { 0, 0, 0, 0, 0, 0, solar_mass },
        { 4.84, -1.16, -0.10, 0.00166 * DAYS_PER_YEAR, 0.00770 * DAYS_PER_YEAR,
          -0.0000690 * DAYS_PER_YEAR, 0.000954 * solar_mass },
        { 8.34, 4.12, -0.40, -0.00277 * DAYS_PER_YEAR, 0.00500 * DAYS_PER_YEAR,
          0.0000230 * DAYS_PER_YEAR, 0.000286 * solar_mass },
        { 12.89, -15.11, -0.22, 0.00296 * DAYS_PER_YEAR, 0.00238 * DAYS_PER_YEAR,
          -0.0000297 * DAYS_PER_YEAR, 0.0000437 * solar_mass },
        { 15.38, -25.92, 0.18, 0.00268 * DAYS_PER_YEAR, 0.00163 * DAYS_PER_YEAR,
          -0.0000951 * DAYS_PER_YEAR, 0.0000515 * solar_mass },
    };
    /* Give the sun the momentum that makes the total zero. */
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < N_BODIES; i++) {
        px += b[i].vx * b[i].mass;
        py += b[i].vy * b[i].mass;
        pz += b[i].vz * b[i].mass;
    }
    b[0].vx = -px / solar_mass;
    b[0].vy = -py / solar_mass;
    b[0].vz = -pz / solar_mass;
    printf("energy before %.12f\n", energy(b, N_BODIES));
    for (int s = 0; s < steps; s++)
        advance(b, N_BODIES, 0.01);
    printf("energy after  %.12f\n", energy(b, N_BODIES));
    printf("sun at %.9f %.9f %.9f\n", b[0].x, b[0].y, b[0].z);
    return 0;
}
